// The Pegasus workload: puts and gets of hash/sort keys, routed to each partition's primary.
import type {NodeSpec} from '../../spec.js'
import type {WorkloadContext, WorkloadOp} from '../../workload-op.js'
import {APP} from './config.js'
import {partitionIndex, type PartitionConfig} from './partition.js'

/** How long a routing table read from the meta server is used before it is read again. */
const CONFIG_TTL_MS = 1000
let routing: {at: number; partitions: PartitionConfig[]} | null = null

async function primaryOf(ctx: WorkloadContext, pidx: number): Promise<NodeSpec> {
  if (!routing || Date.now() - routing.at > CONFIG_TTL_MS) {
    const meta = ctx.spec.nodes.find((n) => n.role === 'meta')
    if (!meta) throw new Error('no meta server')
    const answer = await ctx.call(meta, '/meta/config') as {partitions: PartitionConfig[]}
    routing = {at: Date.now(), partitions: answer.partitions}
  }
  const primary = routing.partitions[pidx]?.primary
  const node = ctx.spec.nodes.find((n) => n.id === primary)
  if (!node) throw new Error(`partition ${APP.id}.${pidx} has no primary`)
  return node
}

/** Even seq: put `user_<n>`; odd seq: get the key the previous put wrote. */
export const pegasusWorkloadOp: WorkloadOp = async (ctx, seq) => {
  const n = Math.floor(seq / 2)
  const hashKey = `user_${n}`
  const sortKey = `profile_${n % 7}`
  const pidx = partitionIndex(hashKey)
  const primary = await primaryOf(ctx, pidx)
  try {
    if (seq % 2 === 0) await ctx.call(primary, '/kv/put', {hashKey, sortKey, value: `v${seq}`})
    else await ctx.call(primary, '/kv/get', {hashKey, sortKey})
  } catch (error) {
    routing = null
    throw new Error(`${seq % 2 === 0 ? 'put' : 'get'} ${hashKey} on ${primary.id}: ${error instanceof Error ? error.message.slice(0, 120) : String(error)}`)
  }
}
