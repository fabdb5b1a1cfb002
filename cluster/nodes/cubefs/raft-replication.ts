// Log replication: the leader's AppendEntries and InstallSnapshot to each peer, commit by majority,
// and the follower's check that appended entries match its log.
import type {RaftOptions} from './raft.js'
import type {RaftLog} from './raft-log.js'
import type {AppendRequest, AppendResponse, SnapshotRequest} from './raft-messages.js'

const MAX_APPEND = 64

/** What replication reads and drives of its raft node. */
export interface ReplicationHost {
  readonly options: Pick<RaftOptions, 'id' | 'peers' | 'send' | 'fsm' | 'log'>
  readonly log: RaftLog
  term(): number
  commitIndex(): number
  isLeader(): boolean
  /** A peer answered with a newer term. */
  stepDown(term: number): void
  /** A majority holds the log up to index. */
  commitTo(index: number): void
}

/** Per-peer progress of a leader (next and match index) and the RPCs that move it. */
export class Replication {
  private readonly nextIndex = new Map<string, number>()
  private readonly matchIndex = new Map<string, number>()
  private readonly inflight = new Set<string>()

  constructor(private readonly node: ReplicationHost) {}

  /** A new leader assumes every peer is up to date and retreats from there. */
  resetProgress(): void {
    for (const p of this.node.options.peers) {
      this.nextIndex.set(p, this.node.log.lastIndex() + 1)
      this.matchIndex.set(p, 0)
    }
  }

  replicateAll(): void {
    for (const p of this.node.options.peers) this.replicate(p)
  }

  advanceCommit(): void {
    const {log, options} = this.node
    const majority = Math.floor((options.peers.length + 1) / 2) + 1
    for (let n = log.lastIndex(); n > this.node.commitIndex(); n--) {
      if (log.termAt(n) !== this.node.term()) break
      const acks = 1 + options.peers.filter((p) => (this.matchIndex.get(p) ?? 0) >= n).length
      if (acks >= majority) {
        this.node.commitTo(n)
        break
      }
    }
  }

  private replicate(peer: string): void {
    const {log, options} = this.node
    if (this.inflight.has(peer) || !this.node.isLeader()) return
    const next = this.nextIndex.get(peer) ?? log.lastIndex() + 1
    if (next <= log.baseIndex) return this.sendSnapshot(peer)
    const term = this.node.term()
    const req: AppendRequest = {term, leaderId: options.id, prevLogIndex: next - 1, prevLogTerm: log.termAt(next - 1) ?? 0, entries: log.slice(next, MAX_APPEND), leaderCommit: this.node.commitIndex()}
    this.inflight.add(peer)
    options.send(peer, '/raft/append', req, 300).then((r) => {
      this.inflight.delete(peer)
      const res = r as AppendResponse
      if (res.term > this.node.term()) return this.node.stepDown(res.term)
      if (!this.node.isLeader() || res.term !== this.node.term()) return
      if (res.success) {
        this.matchIndex.set(peer, Math.max(this.matchIndex.get(peer) ?? 0, res.matchIndex))
        this.nextIndex.set(peer, res.matchIndex + 1)
        this.advanceCommit()
        if (res.matchIndex < log.lastIndex()) this.replicate(peer)
      } else {
        this.nextIndex.set(peer, Math.max(1, Math.min(res.conflictIndex ?? next - 1, next - 1)))
        this.replicate(peer)
      }
    }, () => this.inflight.delete(peer))
  }

  private sendSnapshot(peer: string): void {
    const {options} = this.node
    const {fsm, log} = options
    if (fsm.restoring) return
    const req: SnapshotRequest = {term: this.node.term(), leaderId: options.id, index: fsm.appliedIndex, lastTerm: fsm.appliedTerm, data: fsm.snapshot()}
    log.warn('raft.go:211', `raft[1] follower ${peer} is far behind leader (next ${this.nextIndex.get(peer)}, leader first index ${this.node.log.baseIndex + 1}), leader will send snapshot [index: ${req.index}, keys: ${req.data.length}]`)
    this.inflight.add(peer)
    options.send(peer, '/raft/snapshot', req, 2000).then((r) => {
      this.inflight.delete(peer)
      const res = r as AppendResponse
      if (res.term > this.node.term()) return this.node.stepDown(res.term)
      if (!res.success) return
      this.matchIndex.set(peer, res.matchIndex)
      this.nextIndex.set(peer, res.matchIndex + 1)
      this.replicate(peer)
    }, () => this.inflight.delete(peer))
  }
}

/** A follower's answer to AppendEntries: the entries are merged only where its log matches the leader's. */
export function acceptEntries(log: RaftLog, term: number, req: AppendRequest): AppendResponse {
  const last = log.lastIndex()
  if (req.prevLogIndex > last) return {term, success: false, matchIndex: 0, conflictIndex: last + 1}
  if (req.prevLogIndex >= log.baseIndex && log.termAt(req.prevLogIndex) !== req.prevLogTerm) {
    return {term, success: false, matchIndex: 0, conflictIndex: log.firstIndexOfTerm(req.prevLogIndex)}
  }
  log.merge(req.entries)
  // Entries up to baseIndex are applied here, so they match the leader's log.
  return {term, success: true, matchIndex: Math.max(req.prevLogIndex + req.entries.length, log.baseIndex)}
}
