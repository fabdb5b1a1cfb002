import {readFileSync, readdirSync, existsSync} from 'node:fs'
import path from 'node:path'
import {afterAll, beforeAll, expect, test} from 'vitest'
import {nodeDataDir} from '../../../cluster/layout.js'
import {callNode} from '../../../cluster/node/rpc.js'
import {partitionIndex} from '../../../cluster/nodes/pegasus/partition.js'
import {pegasusWorkloadOp} from '../../../cluster/nodes/pegasus/workload.js'
import type {TestCluster} from '../../helpers/cluster.js'
import {startPegasusCluster, waitFor} from './helpers.js'

interface PartitionConfig {pidx: number; ballot: number; primary: string | null; secondaries: string[]}

let cluster: TestCluster
beforeAll(async () => {
  process.env.STORCTL_PEGASUS_CHECKPOINT_MS = '400'
  cluster = await startPegasusCluster()
})
afterAll(async () => {
  await cluster?.cleanup()
})

test('the meta server places 8 partitions with 3 copies and ballots on the replica servers', async () => {
  const {partitions} = (await cluster.call('meta1', '/meta/config')) as {partitions: PartitionConfig[]}
  expect(partitions).toHaveLength(8)
  for (const pc of partitions) {
    expect(pc.ballot).toBeGreaterThanOrEqual(1)
    expect(new Set([pc.primary, ...pc.secondaries])).toEqual(new Set(['replica1', 'replica2', 'replica3']))
  }
  const primaries = new Set(partitions.map((pc) => pc.primary))
  expect(primaries.size).toBeGreaterThan(1)
})

test('the workload puts on the primary, which prepares on its secondaries', async () => {
  const ctx = {spec: cluster.spec, call: (node: {port: number}, route: string, body?: unknown) => callNode(node.port, route, body, {token: cluster.token})}
  await pegasusWorkloadOp(ctx, 0)
  await pegasusWorkloadOp(ctx, 1)
  const {partitions} = (await cluster.call('meta1', '/meta/config')) as {partitions: PartitionConfig[]}
  const pc = partitions[partitionIndex('user_0')] as PartitionConfig
  expect(await cluster.call(pc.primary as string, '/kv/get', {hashKey: 'user_0', sortKey: 'profile_0'})).toMatchObject({value: 'v0'})
  await expect(cluster.call(pc.secondaries[0] as string, '/kv/get', {hashKey: 'user_0', sortKey: 'profile_0'})).rejects.toThrow(/ERR_INVALID_STATE/)
  const secondary = (await cluster.call(pc.secondaries[0] as string, '/health')) as {detail: {partitions: {gpid: string; lastCommitted: number}[]}}
  expect(secondary.detail.partitions.find((p) => p.gpid === `1.${pc.pidx}`)?.lastCommitted).toBeGreaterThanOrEqual(1)
})

test('replicas write checkpoints as real files', async () => {
  const reps = path.join(nodeDataDir(cluster.paths, 'replica2'), 'reps')
  const checkpoints = () => (existsSync(reps) ? readdirSync(reps).flatMap((d) => readdirSync(path.join(reps, d)).filter((f) => /^checkpoint\.\d+$/.test(f)).map((f) => path.join(reps, d, f))) : [])
  await waitFor(() => checkpoints().length >= 8, 4000, 'a checkpoint of every partition')
  const first = checkpoints()[0] as string
  expect(JSON.parse(readFileSync(path.join(first, 'data.json'), 'utf8'))).toBeInstanceOf(Array)
  expect(readFileSync(path.join(first, 'MANIFEST-000001'), 'utf8')).toMatch(/last_durable_decree=\d+/)
})

test('a bulk load downloads every sst file from the remote dir', async () => {
  const started = (await cluster.call('meta1', '/meta/bulk-load/start', {files: 2, fileBytes: 96 * 1024})) as {remoteRoot: string; nodes: string[]}
  expect(started.nodes).toEqual(['replica1', 'replica2', 'replica3'])
  const done = async (id: string) => {
    const {detail} = (await cluster.call(id, '/health')) as {detail: {bulkLoad: {status: string}[]}}
    return detail.bulkLoad.length === 8 && detail.bulkLoad.every((b) => b.status === 'downloaded')
  }
  await waitFor(async () => (await Promise.all(['replica1', 'replica2', 'replica3'].map(done))).every(Boolean), 8000, 'all downloads')
  for (let pidx = 0; pidx < 8; pidx++) {
    const remote = path.join(started.remoteRoot, String(pidx))
    const local = path.join(nodeDataDir(cluster.paths, 'replica3'), 'reps', `1.${pidx}.temp`, 'bulk_load')
    for (const file of readdirSync(remote).filter((f) => f.endsWith('.sst'))) {
      expect(readFileSync(path.join(local, file)).equals(readFileSync(path.join(remote, file)))).toBe(true)
    }
  }
})
