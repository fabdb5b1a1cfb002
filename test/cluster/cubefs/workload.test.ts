import {afterEach, describe, expect, test} from 'vitest'
import {callNode} from '../../../cluster/node/rpc.js'
import {cubefsWorkloadOp} from '../../../cluster/nodes/cubefs/workload.js'
import type {WorkloadContext} from '../../../cluster/workload-op.js'
import type {TestCluster} from '../../helpers/cluster.js'
import {health, healthyCluster} from './helpers.js'

let cluster: TestCluster | null = null
afterEach(async () => {
  await cluster?.cleanup()
  cluster = null
})

describe('cubefsWorkloadOp', () => {
  test('puts, gets and metadata writes succeed; a down datanode gives short errors', async () => {
    cluster = await healthyCluster(2)
    const c = cluster
    const ctx: WorkloadContext = {spec: c.spec, call: (node, route, body) => callNode(node.port, route, body, {token: c.token, timeoutMs: 1000})}
    for (let seq = 0; seq < 40; seq++) await cubefsWorkloadOp(ctx, seq)
    expect(((await c.call('datanode1', '/data/get', {key: 'k2'})) as {value: string | null}).value).toMatch(/^v2-/)
    process.kill((await health(c, 'datanode2')).detail.pid, 'SIGKILL')
    await c.exited('datanode2')
    const error = await cubefsWorkloadOp(ctx, 42).then(() => null, (e: unknown) => e as Error)
    expect(error?.message).toMatch(/^put k21 on datanode2: /)
    expect(error?.message.length).toBeLessThan(200)
  })
})
