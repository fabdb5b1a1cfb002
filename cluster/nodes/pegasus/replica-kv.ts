// Reads and writes of a replica server: the primary logs and applies, then prepares on its secondaries.
import {nodesWithRole} from '../../spec.js'
import {partitionIndex, type Mutation, type Partition} from './partition.js'
import type {ReplicaServer} from './replica.js'

interface KeyRequest {
  hashKey: string
  sortKey?: string
}

function keyRequest(body: unknown): Required<KeyRequest> {
  const {hashKey, sortKey} = (body ?? {}) as Partial<KeyRequest>
  if (typeof hashKey !== 'string' || hashKey.length === 0) throw new Error('ERR_INVALID_PARAMETERS: hashKey is required')
  return {hashKey, sortKey: typeof sortKey === 'string' ? sortKey : ''}
}

const at = (line: number, fn: string) => ({file: 'replica_2pc.cpp', line, fn})

export class ReplicaKv {
  constructor(private readonly server: ReplicaServer) {}

  private primaryFor(hashKey: string): Partition {
    const pidx = partitionIndex(hashKey)
    const p = this.server.partitions.get(pidx)
    if (!p || p.status !== 'primary') throw new Error(`ERR_INVALID_STATE: ${this.server.ctx.self.id} is not the primary of partition ${pidx}`)
    return p
  }

  async put(body: unknown): Promise<{decree: number; gpid: string}> {
    const {hashKey, sortKey} = keyRequest(body)
    const value = String((body as {value?: unknown}).value ?? '')
    const p = this.primaryFor(hashKey)
    const mutation = p.apply({hashKey, sortKey, value})
    await this.prepareOnSecondaries(p, mutation)
    return {decree: mutation.decree, gpid: p.gpid}
  }

  get(body: unknown): {value: string | null; gpid: string} {
    const {hashKey, sortKey} = keyRequest(body)
    const p = this.primaryFor(hashKey)
    return {value: p.get(hashKey, sortKey) ?? null, gpid: p.gpid}
  }

  /** A secondary applies what its primary committed, if the ballot is not stale. */
  prepare(body: unknown): {decree: number} {
    const {pidx, ballot, mutation} = body as {pidx: number; ballot: number; mutation: Mutation}
    const p = this.server.partitions.get(pidx)
    if (!p || ballot < p.ballot) throw new Error(`ERR_INVALID_STATE: stale prepare for partition ${pidx} (ballot ${ballot})`)
    return {decree: p.apply(mutation).decree}
  }

  private async prepareOnSecondaries(p: Partition, mutation: Mutation): Promise<void> {
    const secondaries = nodesWithRole(this.server.ctx.spec, 'replica').filter((n) => p.secondaries.includes(n.id))
    const results = await Promise.allSettled(secondaries.map((peer) => this.server.ctx.call(peer, '/replica/prepare', {pidx: p.pidx, ballot: p.ballot, mutation}, 500)))
    results.forEach((r, i) => {
      if (r.status === 'rejected' && !/ERR_INVALID_STATE/.test(String(r.reason))) {
        this.server.log.log('W', at(262, 'on_prepare_reply'), `${p.tag(this.server.address)} prepare to ${secondaries[i]?.id} failed: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`)
      }
    })
  }
}
