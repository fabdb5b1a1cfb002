import {afterEach, describe, expect, test} from 'vitest'
import type {TestCluster} from '../../helpers/cluster.js'
import {coreTrace, diagnoseNodeLog, exitOf, health, healthyCluster, survived} from './helpers.js'

let cluster: TestCluster | null = null
afterEach(async () => {
  delete process.env.STORCTL_NODE_MEM_LIMIT_MB
  await cluster?.cleanup()
  cluster = null
})

describe('CubeFS-like datanode: wal-io-error', () => {
  test('an ENOSPC from /dev/full on one WAL panics the whole datanode', async () => {
    cluster = await healthyCluster(1)
    const {pid} = (await health(cluster, 'datanode1')).detail
    await cluster.call('datanode1', '/fault', {scenario: 'wal-io-error', fixed: false})
    expect((await exitOf(cluster, 'datanode1')).signal).toBe('SIGABRT')
    expect(cluster.log('datanode1')).toMatch(/write wal failed: write \/dev\/full: no space left on device\npanic: partition\(\d+\) raft wal write/)
    const diagnosis = diagnoseNodeLog(cluster, 'datanode1')
    expect(diagnosis.rule).toBe('cubefs-datanode-wal-io-panic')
    expect(diagnosis.confidence).toBeGreaterThanOrEqual(0.5)
    expect(coreTrace(cluster, 'datanode1', pid)).toContain('(*DataPartition).persistRaftLog')
  })

  test('--fixed takes only that partition offline; the node keeps serving writes', async () => {
    cluster = await healthyCluster(1)
    await cluster.call('datanode1', '/fault', {scenario: 'wal-io-error', fixed: true})
    const after = await survived(cluster, 'datanode1', 'wal-io-error')
    expect(after.healthy).toBe(true)
    const offline = after.detail.offline as {id: number; reason: string}[]
    expect(offline).toHaveLength(1)
    expect(offline[0]?.reason).toContain('no space left on device')
    for (let i = 0; i < 8; i++) {
      const put = (await cluster.call('datanode1', '/data/put', {key: `after-${i}`, value: 'x'})) as {partition: number}
      expect(put.partition).not.toBe(offline[0]?.id)
      expect(((await cluster.call('datanode1', '/data/get', {key: `after-${i}`})) as {value: string}).value).toBe('x')
    }
  })
})

describe('CubeFS-like datanode: oom', () => {
  test('unbounded growth dies with fatal error: out of memory', async () => {
    process.env.STORCTL_NODE_MEM_LIMIT_MB = '64'
    cluster = await healthyCluster(1)
    const {pid} = (await health(cluster, 'datanode1')).detail
    await cluster.call('datanode1', '/fault', {scenario: 'oom', fixed: false})
    expect((await exitOf(cluster, 'datanode1')).signal).toBe('SIGABRT')
    expect(cluster.log('datanode1')).toContain('fatal error: out of memory')
    const diagnosis = diagnoseNodeLog(cluster, 'datanode1')
    expect(diagnosis.kind).toBe('oom')
    expect(diagnosis.generic).toBe('generic-oom')
    expect(coreTrace(cluster, 'datanode1', pid)).toContain('Program terminated with signal SIGABRT')
  })

  test('--fixed refuses the allocation at the limit and keeps serving', async () => {
    process.env.STORCTL_NODE_MEM_LIMIT_MB = '64'
    cluster = await healthyCluster(1)
    await cluster.call('datanode1', '/fault', {scenario: 'oom', fixed: true})
    const after = await survived(cluster, 'datanode1', 'oom')
    expect(after.healthy).toBe(true)
    expect(cluster.log('datanode1')).toMatch(/\[ERROR\] action\[loadCache\] cannot allocate .* request refused/)
    expect(((await cluster.call('datanode1', '/data/put', {key: 'k', value: 'v'})) as {index: number}).index).toBeGreaterThan(0)
  })
})
