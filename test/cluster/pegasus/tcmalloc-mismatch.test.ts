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

test('a replica resolving the system tcmalloc first dies of an invalid free at the checkpoint teardown', async () => {
  // Given a healthy replica hosting partitions; When the system lib dir comes first and it checkpoints
  await cluster.call('replica1', '/fault', {scenario: 'tcmalloc-mismatch', fixed: false})
  // Then it dies by SIGABRT, leaves a core trace, and its log is diagnosed as the known root cause
  expect((await exitWithin(cluster, 'replica1', 5000)).signal).toBe('SIGABRT')
  expect(cluster.log('replica1')).toMatch(/src\/tcmalloc\.cc:\d+\] Attempt to free invalid pointer 0x[0-9a-f]+/)
  expect(coreTraces(cluster, 'replica1')).toHaveLength(1)
  const [crash] = diagnoseNodeLog(cluster, 'replica1')
  expect(crash?.kind).toBe('invalid-free')
  expect(crash?.diagnosis?.rule).toBe('pegasus-tcmalloc-version-mismatch')
  expect(crash?.diagnosis?.confidence).toBeGreaterThanOrEqual(0.5)
})

test('with --fixed the bundled tcmalloc is verified and the checkpoint completes', async () => {
  await cluster.call('replica2', '/fault', {scenario: 'tcmalloc-mismatch', fixed: true})
  await waitFor(() => survived(cluster, 'replica2', 'tcmalloc-mismatch'), 5000, 'replica2 survived tcmalloc-mismatch')
  expect(cluster.log('replica2')).toMatch(/verified loaded .*libtcmalloc_and_profiler\.so\.4 is gperftools 2\.13/)
  expect(coreTraces(cluster, 'replica2')).toHaveLength(0)
})
