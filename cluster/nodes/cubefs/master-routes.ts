// The master's routes: raft RPCs between masters, the metadata API, datanode heartbeats.
import type {RouteHandler} from '../../node/rpc.js'
import type {MasterServer} from './master.js'
import type {AppendRequest, SnapshotRequest, VoteRequest} from './raft-messages.js'

const READ_WAIT_MS = 2000

/** Volume and data-partition values must parse as the FSM reads them. */
function validCommand(body: unknown): {key: string; value: string | null} {
  const {key, value} = (body ?? {}) as {key?: unknown; value?: unknown}
  if (typeof key !== 'string' || key === '' || (value !== null && typeof value !== 'string')) throw new Error('want {key: string, value: string | null}')
  if (value !== null && key.startsWith('#dp#') && !Array.isArray(JSON.parse(value))) throw new Error('a #dp# value is a JSON array of hosts')
  if (value !== null && key.startsWith('#vol#') && typeof JSON.parse(value) !== 'object') throw new Error('a #vol# value is a JSON object')
  return {key, value}
}

export function masterRoutes(m: MasterServer): ReadonlyMap<string, RouteHandler> {
  const serving = () => {
    if (!m.serving) throw new Error(`${m.ctx.self.id}: metadata service is restarting`)
  }
  const readable = async () => {
    serving()
    if (m.readsWaitForSnapshot) await m.fsm.whenReady(READ_WAIT_MS)
  }
  // An isolated master answers no raft traffic, as behind a network partition.
  const reachable = () => {
    if (m.raft.isolated) throw new Error(`${m.ctx.self.id}: unreachable (network partition)`)
  }
  return new Map<string, RouteHandler>([
    ['/raft/vote', (body) => (reachable(), m.raft.handleVote(body as VoteRequest))],
    ['/raft/append', (body) => (reachable(), m.raft.handleAppend(body as AppendRequest))],
    ['/raft/snapshot', (body) => (reachable(), m.raft.handleSnapshot(body as SnapshotRequest))],
    ['/meta/leader', () => ({leader: m.raft.leaderId, term: m.raft.term, port: m.raft.leaderId ? m.peer(m.raft.leaderId).port : null})],
    ['/meta/put', async (body) => {
      serving()
      if (!m.raft.isLeader()) throw new Error(`not leader (leader: ${m.raft.leaderId ?? 'unknown'})`)
      return {index: await m.raft.propose(validCommand(body))}
    }],
    ['/meta/get', async (body) => {
      await readable()
      const key = String((body as {key?: unknown} | null)?.key)
      return {key, value: m.fsm.kv.get(key) ?? null, applied: m.fsm.appliedIndex}
    }],
    ['/meta/vol', async (body) => {
      await readable()
      const name = String((body as {name?: unknown} | null)?.name)
      try {
        return {vol: m.fsm.getVolView(name)}
      } catch (error) {
        // net/http recovers a handler's panic: the request fails, the server lives.
        const text = error instanceof TypeError ? 'runtime error: invalid memory address or nil pointer dereference' : error instanceof Error ? error.message : String(error)
        m.log.error('http_server.go:93', `action[getVol] vol(${name}) http: panic serving request: ${text}`)
        throw new Error(text)
      }
    }],
    ['/meta/heartbeat', (body) => {
      serving()
      const hb = body as {id: string; port: number; partitions: {id: number; status: string}[]}
      if (!m.raft.isLeader()) throw new Error(`not leader (leader: ${m.raft.leaderId ?? 'unknown'})`)
      const known = m.dataNodes.has(hb.id)
      m.dataNodes.set(hb.id, {at: Date.now(), port: hb.port, partitions: hb.partitions})
      if (!known) registerPartitions(m, hb)
      return {leader: m.ctx.self.id, term: m.raft.term}
    }],
    ['/meta/nodes', () => ({dataNodes: Object.fromEntries(m.dataNodes)})],
  ])
}

/** A datanode's first heartbeat on this leader records its partitions in the replicated metadata. */
function registerPartitions(m: MasterServer, hb: {id: string; port: number; partitions: {id: number}[]}): void {
  m.log.info('node.go:88', `action[addDataNode] dataNode(${hb.id}) addr(127.0.0.1:${hb.port}) partitions(${hb.partitions.length})`)
  const puts: {key: string; value: string}[] = []
  if (!m.fsm.kv.has('#vol#ltptest')) puts.push({key: '#vol#ltptest', value: JSON.stringify({id: 1})})
  for (const p of hb.partitions) {
    const key = `#dp#ltptest#${p.id}`
    if (!m.fsm.kv.has(key)) puts.push({key, value: JSON.stringify([`127.0.0.1:${hb.port}`])})
  }
  let chain = Promise.resolve(0)
  for (const put of puts) chain = chain.then(() => m.raft.propose(put))
  chain.catch((error: unknown) => m.log.warn('node.go:97', `action[addDataNode] dataNode(${hb.id}) register partitions: ${error instanceof Error ? error.message : String(error)}`))
}
