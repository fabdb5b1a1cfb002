import {mkdtempSync, readFileSync, statSync} from 'node:fs'
import net from 'node:net'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {ClusterError} from '../../cluster/errors.js'
import {prepareCluster} from '../../cluster/prepare-cluster.js'
import {nextDelay, DEFAULT_BACKOFF} from '../../cluster/supervisor/backoff.js'
import {pickPorts, portFree} from '../../cluster/ports.js'
import {readSpec} from '../../cluster/spec.js'

const TOPOLOGY = {masters: 3, datanodes: 2, replicas: 1}
const plan = (basePort: number) => ({topology: TOPOLOGY, fixed: false, workloadRate: 5, basePort})
const tempDir = () => mkdtempSync(path.join(tmpdir(), 'storctl-plan-'))

describe('restart backoff', () => {
  test('doubles after each quick failure up to the maximum', () => {
    const delays: number[] = []
    let failures = 0
    for (let i = 0; i < 7; i++) {
      const next = nextDelay(DEFAULT_BACKOFF, failures, 100)
      delays.push(next.delayMs)
      failures = next.failures
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000])
  })

  test('a node that stayed up long enough starts over', () => {
    expect(nextDelay(DEFAULT_BACKOFF, 5, DEFAULT_BACKOFF.resetAfterMs)).toEqual({delayMs: 500, failures: 1})
  })
})

describe('ports', () => {
  test('a port something listens on is not free, and picking skips it', async () => {
    const server = net.createServer()
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const taken = (server.address() as net.AddressInfo).port
    try {
      expect(await portFree(taken)).toBe(false)
      const picked = await pickPorts(3, taken)
      expect(picked).not.toContain(taken)
      expect(new Set(picked).size).toBe(3)
    } finally {
      server.close()
    }
  })
})

describe('prepareCluster', () => {
  test('plans a new directory: every node, distinct ports, a 0600 token, a data dir per node', async () => {
    const dir = tempDir()
    const prepared = await prepareCluster(dir, plan(30000 + Math.floor(Math.random() * 20000)))
    expect(prepared.created).toBe(true)
    expect(prepared.spec.nodes.map((n) => n.id)).toEqual(['master1', 'master2', 'master3', 'datanode1', 'datanode2', 'meta1', 'replica1'])
    expect(new Set(prepared.spec.nodes.map((n) => n.port)).size).toBe(7)
    expect(statSync(path.join(dir, 'token')).mode & 0o777).toBe(0o600)
    expect(readFileSync(path.join(dir, 'token'), 'utf8').trim()).toMatch(/^[0-9a-f]{48}$/)
    expect(statSync(path.join(dir, 'data', 'replica1')).isDirectory()).toBe(true)
  })

  test('a stopped cluster starts again with its plan; a taken port is replaced and persisted', async () => {
    const dir = tempDir()
    const first = await prepareCluster(dir, plan(30000 + Math.floor(Math.random() * 20000)))
    const squatter = net.createServer()
    const port = first.spec.nodes[0]!.port
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', r))
    try {
      const again = await prepareCluster(dir, {...plan(1), fixed: true})
      expect(again.created).toBe(false)
      expect(again.movedPorts).toEqual([{node: 'master1', from: port, to: expect.any(Number)}])
      const saved = readSpec(path.join(dir, 'cluster.json'))
      expect(saved.fixed).toBe(true)
      expect(saved.nodes[0]!.port).toBe(again.movedPorts[0]!.to)
    } finally {
      squatter.close()
    }
  })

  test('another topology on an existing directory is refused with a hint', async () => {
    const dir = tempDir()
    await prepareCluster(dir, plan(30000 + Math.floor(Math.random() * 20000)))
    const refused = prepareCluster(dir, {...plan(1), topology: {masters: 1, datanodes: 0, replicas: 0}})
    await expect(refused).rejects.toBeInstanceOf(ClusterError)
    await expect(refused).rejects.toMatchObject({code: 'cluster-topology-differs', hint: expect.stringMatching(/down --purge/)})
  })
})
