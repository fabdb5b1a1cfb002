import {afterEach, describe, expect, test} from 'vitest'
import type {TestCluster} from '../../helpers/cluster.js'
import {startTestCluster} from '../../helpers/cluster.js'
import {MASTERS, health, healthyCluster, leaderOf, waitFor} from './helpers.js'

let cluster: TestCluster | null = null
afterEach(async () => {
  await cluster?.cleanup()
  cluster = null
})

async function putMany(c: TestCluster, leader: string, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i += 10) {
    await Promise.all(Array.from({length: Math.min(10, count - i)}, (_, j) => c.call(leader, '/meta/put', {key: `${prefix}${i + j}`, value: `v${i + j}`}, 3000)))
  }
}

describe('CubeFS-like masters: raft', () => {
  test('a put on the leader is applied on all three masters', async () => {
    cluster = await healthyCluster(0)
    const leader = await leaderOf(cluster)
    const {index} = (await cluster.call(leader, '/meta/put', {key: 'color', value: 'blue'})) as {index: number}
    for (const id of MASTERS) {
      const c = cluster
      const got = await waitFor(async () => {
        const r = (await c.call(id, '/meta/get', {key: 'color'})) as {value: string | null; applied: number}
        return r.applied >= index ? r : null
      }, 2000, `apply of ${index} on ${id}`)
      expect(got.value).toBe('blue')
    }
  })

  test('a killed leader is replaced by a new one that commits writes', async () => {
    cluster = await healthyCluster(0)
    const old = await leaderOf(cluster)
    const {pid} = (await health(cluster, old)).detail
    process.kill(pid, 'SIGKILL')
    expect((await cluster.exited(old)).signal).toBe('SIGKILL')
    const rest = MASTERS.filter((m) => m !== old)
    const c = cluster
    const next = await waitFor(async () => {
      const leader = await leaderOf(c, rest)
      return leader !== old ? leader : null
    }, 3000, 'a new leader')
    expect(rest).toContain(next)
    const {index} = (await cluster.call(next, '/meta/put', {key: 'after', value: 'failover'}, 3000)) as {index: number}
    expect(index).toBeGreaterThan(0)
  })

  test('a follower that lags past the retained log gets a snapshot and catches up', async () => {
    // Given two masters (a quorum) that commit more entries than the log retains
    cluster = await startTestCluster({masters: 3, datanodes: 0, replicas: 0})
    cluster.start(['master1', 'master2'])
    await Promise.all(['master1', 'master2'].map((id) => cluster!.waitHealthy(id, 5000)))
    const leader = await leaderOf(cluster, ['master1', 'master2'])
    await putMany(cluster, leader, 100, 'lag-')
    const target = (await health(cluster, leader)).detail.applied as number
    // When the third master starts
    cluster.start(['master3'])
    await cluster.waitHealthy('master3', 5000)
    // Then it restores the leader's snapshot and holds every key
    const c = cluster
    await waitFor(async () => ((await health(c, 'master3')).detail.applied as number) >= target, 3000, 'master3 catching up')
    expect(cluster.log('master3')).toContain('starts to restore snapshot')
    expect(cluster.log('master3')).toMatch(/action\[ApplySnapshot\] success/)
    expect(((await cluster.call('master3', '/meta/get', {key: 'lag-7'})) as {value: string}).value).toBe('v7')
  })
})
