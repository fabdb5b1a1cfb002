// CubeFS-like traffic: data puts and gets against the datanodes, and every tenth operation a
// metadata write through the master leader. Failures throw a short Error the driver counts.
import {nodesWithRole, type NodeSpec} from '../../spec.js'
import type {WorkloadContext, WorkloadOp} from '../../workload-op.js'

/** The master leader last seen, per cluster (by its first master's port). */
const knownLeaders = new Map<number, NodeSpec>()

async function metadataLeader(ctx: WorkloadContext, masters: readonly NodeSpec[]): Promise<NodeSpec> {
  const cached = knownLeaders.get(masters[0]?.port ?? 0)
  if (cached) return cached
  for (const master of masters) {
    const answer = (await ctx.call(master, '/meta/leader').catch(() => null)) as {leader?: string | null} | null
    const leader = masters.find((m) => m.id === answer?.leader)
    if (leader) {
      knownLeaders.set(masters[0]?.port ?? 0, leader)
      return leader
    }
  }
  throw new Error('no master leader')
}

async function short<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    throw new Error(`${what}: ${(error instanceof Error ? error.message : String(error)).slice(0, 120)}`)
  }
}

async function metadataPut(ctx: WorkloadContext, seq: number): Promise<void> {
  const masters = nodesWithRole(ctx.spec, 'master')
  const leader = await metadataLeader(ctx, masters)
  try {
    await short(`meta put on ${leader.id}`, ctx.call(leader, '/meta/put', {key: `#kv#workload-${seq % 1000}`, value: String(seq)}))
  } catch (error) {
    knownLeaders.delete(masters[0]?.port ?? 0)
    throw error
  }
}

export const cubefsWorkloadOp: WorkloadOp = async (ctx, seq) => {
  const datanodes = nodesWithRole(ctx.spec, 'datanode')
  if (seq % 10 === 0 && nodesWithRole(ctx.spec, 'master').length > 0) return metadataPut(ctx, seq)
  if (datanodes.length === 0) throw new Error('no datanodes')
  const pair = Math.floor(seq / 2)
  const node = datanodes[pair % datanodes.length] as NodeSpec
  const key = `k${pair}`
  if (seq % 2 === 0) {
    await short(`put ${key} on ${node.id}`, ctx.call(node, '/data/put', {key, value: `v${pair}-${'x'.repeat(64)}`}))
    return
  }
  // A key whose put was a metadata op (seq % 10 === 0) is legitimately absent: null, not an error.
  const answer = (await short(`get ${key} on ${node.id}`, ctx.call(node, '/data/get', {key}))) as {value?: string | null}
  if (answer.value === undefined) throw new Error(`get ${key} on ${node.id}: bad answer`)
}
