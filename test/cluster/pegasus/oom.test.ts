import {afterAll, beforeAll, expect, test} from 'vitest'
import type {TestCluster} from '../../helpers/cluster.js'
import {coreTraces, diagnoseNodeLog, exitWithin, startPegasusCluster, survived, waitFor} from './helpers.js'

let cluster: TestCluster
beforeAll(async () => {
  process.env.STORCTL_NODE_MEM_LIMIT_MB = '160'
  cluster = await startPegasusCluster()
})
afterAll(async () => {
  await cluster?.cleanup()
})

test('a memtable growing past the memory limit ends in std::bad_alloc and SIGABRT', async () => {
  await cluster.call('replica1', '/fault', {scenario: 'oom', fixed: false})
  expect((await exitWithin(cluster, 'replica1', 10_000)).signal).toBe('SIGABRT')
  const log = cluster.log('replica1')
  expect(log).toMatch(/tcmalloc: large alloc 33554432 bytes == 0x[0-9a-f]+/)
  expect(log).toMatch(/terminate called after throwing an instance of 'std::bad_alloc'/)
  expect(coreTraces(cluster, 'replica1')).toHaveLength(1)
  const crashes = diagnoseNodeLog(cluster, 'replica1')
  expect(crashes).toHaveLength(1)
  expect(crashes[0]?.kind).toBe('oom')
  expect(crashes[0]?.signal).toBe('SIGABRT')
})

test('with --fixed the write buffer manager refuses the block and the node keeps serving', async () => {
  await cluster.call('replica2', '/fault', {scenario: 'oom', fixed: true})
  await waitFor(() => survived(cluster, 'replica2', 'oom'), 10_000, 'replica2 survived oom')
  expect(cluster.log('replica2')).toMatch(/write buffer manager: refuse to allocate 33554432 bytes/)
  expect(coreTraces(cluster, 'replica2')).toHaveLength(0)
})
