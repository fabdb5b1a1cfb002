import {afterEach, describe, expect, test} from 'vitest'
import type {TestCluster} from '../../helpers/cluster.js'
import {MASTERS, coreTrace, diagnoseNodeLog, exitOf, health, healthyCluster, leaderOf, survived, waitFor} from './helpers.js'

let cluster: TestCluster | null = null
afterEach(async () => {
  delete process.env.STORCTL_NODE_MEM_LIMIT_MB
  await cluster?.cleanup()
  cluster = null
})

async function follower(c: TestCluster): Promise<string> {
  const leader = await leaderOf(c)
  return MASTERS.find((m) => m !== leader) as string
}

describe('CubeFS-like master: master-shutdown-race', () => {
  test('closing the store under the apply loop dies by SIGABRT with the RocksDB write trace', async () => {
    cluster = await healthyCluster(0)
    const id = await follower(cluster)
    const {pid} = (await health(cluster, id)).detail
    await cluster.call(id, '/fault', {scenario: 'master-shutdown-race', fixed: false})
    expect((await exitOf(cluster, id)).signal).toBe('SIGABRT')
    expect(cluster.log(id)).toMatch(/action\[Close\] rocksdb store .* closed\n.*\n.*apply remaining committed entries\nfatal error: unexpected signal/)
    const diagnosis = diagnoseNodeLog(cluster, id)
    expect(diagnosis.rule).toBe('cubefs-master-shutdown-rocksdb-race')
    expect(diagnosis.confidence).toBeGreaterThanOrEqual(0.5)
    expect(coreTrace(cluster, id, pid)).toMatch(/signal SIGABRT[\s\S]*_Cfunc_rocksdb_write[\s\S]*MetadataFsm\)\.Apply/)
  })

  test('--fixed drains the apply loop before closing, reopens, and keeps applying', async () => {
    cluster = await healthyCluster(0)
    const id = await follower(cluster)
    await cluster.call(id, '/fault', {scenario: 'master-shutdown-race', fixed: true})
    const after = await survived(cluster, id, 'master-shutdown-race')
    expect(after.healthy).toBe(true)
    const {index} = (await cluster.call(await leaderOf(cluster), '/meta/put', {key: 'after-restart', value: 'ok'}, 3000)) as {index: number}
    const c = cluster
    await waitFor(async () => ((await health(c, id)).detail.applied as number) >= index, 2000, 'apply after the restart')
    expect(cluster.log(id)).not.toContain('fatal error')
  })
})

describe('CubeFS-like master: snapshot-read-race', () => {
  test('reads during a half-applied snapshot panic with the ApplySnapshot goroutine', async () => {
    cluster = await healthyCluster(0)
    const id = await follower(cluster)
    const {pid} = (await health(cluster, id)).detail
    await cluster.call(id, '/fault', {scenario: 'snapshot-read-race', fixed: false})
    expect((await exitOf(cluster, id)).signal).toBe('SIGABRT')
    expect(cluster.log(id)).toMatch(/panic: runtime error: invalid memory address or nil pointer dereference[\s\S]*\(\*MetadataFsm\)\.ApplySnapshot/)
    const diagnosis = diagnoseNodeLog(cluster, id)
    expect(diagnosis.rule).toBe('cubefs-master-snapshot-read-race')
    expect(diagnosis.confidence).toBeGreaterThanOrEqual(0.5)
    expect(coreTrace(cluster, id, pid)).toContain('(*Vol).checkDataPartitions')
  })

  test('--fixed makes reads wait until the snapshot is applied', async () => {
    cluster = await healthyCluster(0)
    const id = await follower(cluster)
    await cluster.call(id, '/fault', {scenario: 'snapshot-read-race', fixed: true})
    const after = await survived(cluster, id, 'snapshot-read-race')
    expect(after.healthy).toBe(true)
    expect(after.detail.vols).toBeGreaterThanOrEqual(4)
    expect(cluster.log(id)).toContain('starts to restore snapshot')
    expect(cluster.log(id)).not.toMatch(/^panic:/m)
  })
})

describe('CubeFS-like master: oom', () => {
  test('memory grown past the limit dies as Go does: fatal error: out of memory', async () => {
    process.env.STORCTL_NODE_MEM_LIMIT_MB = '64'
    cluster = await healthyCluster(0)
    const {pid} = (await health(cluster, 'master3')).detail
    await cluster.call('master3', '/fault', {scenario: 'oom', fixed: false})
    expect((await exitOf(cluster, 'master3')).signal).toBe('SIGABRT')
    const diagnosis = diagnoseNodeLog(cluster, 'master3')
    expect(diagnosis.kind).toBe('oom')
    expect(diagnosis.generic).toBe('generic-oom')
    expect(coreTrace(cluster, 'master3', pid)).toContain('runtime.throw')
  })
})
