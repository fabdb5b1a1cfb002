import {afterAll, beforeAll, expect, test} from 'vitest'
import type {TestCluster} from '../../helpers/cluster.js'
import {coreTraces, diagnoseNodeLog, exitWithin, startPegasusCluster, survived, waitFor} from './helpers.js'

let cluster: TestCluster
beforeAll(async () => {
  cluster = await startPegasusCluster()
})
afterAll(async () => {
  await cluster?.cleanup()
})

test('a ballot change clearing bulk-load state under running downloads kills the replica by SIGSEGV', async () => {
  // Given a bulk load downloading on replica1; When the meta server bumps a partition's ballot
  await cluster.call('replica1', '/fault', {scenario: 'bulkload-clear-race', fixed: false})
  // Then a download task reads the cleared metadata and the replica dies as the C++ server did
  expect((await exitWithin(cluster, 'replica1', 8000)).signal).toBe('SIGSEGV')
  const log = cluster.log('replica1')
  expect(log).toMatch(/clear_bulk_load_states\(\): .*download tasks still running = [1-9]/)
  expect(log).toMatch(/tcmalloc: large alloc \d{10,} bytes/)
  expect(coreTraces(cluster, 'replica1')).toHaveLength(1)
  const crashes = diagnoseNodeLog(cluster, 'replica1')
  expect(crashes).toHaveLength(1)
  expect(crashes[0]?.signal).toBe('SIGSEGV')
  expect(crashes[0]?.diagnosis?.rule).toBe('pegasus-bulkload-clear-state-race')
  expect(crashes[0]?.diagnosis?.confidence).toBeGreaterThanOrEqual(0.5)
})

test('with --fixed the download tasks are cancelled and awaited before the state is cleared', async () => {
  await cluster.call('replica2', '/fault', {scenario: 'bulkload-clear-race', fixed: true})
  await waitFor(() => survived(cluster, 'replica2', 'bulkload-clear-race'), 8000, 'replica2 survived bulkload-clear-race')
  expect(cluster.log('replica2')).toMatch(/clear_bulk_load_states succeed, download tasks cancelled = [1-9]\d*, running = 0/)
  expect(coreTraces(cluster, 'replica2')).toHaveLength(0)
})
