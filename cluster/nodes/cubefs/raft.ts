// A compact raft for the masters: randomized elections, AppendEntries replication, commit by
// majority, an apply loop into the MetadataFsm, log compaction and InstallSnapshot.
import type {GoLogger} from '../../node/go-log.js'
import type {MetaCommand, MetadataFsm} from './metadata-fsm.js'
import {HardStateFile, RaftLog, type LogEntry} from './raft-log.js'
import type {AppendRequest, AppendResponse, SnapshotRequest, VoteRequest, VoteResponse} from './raft-messages.js'

export interface RaftOptions {
  id: string
  peers: readonly string[]
  send(peer: string, route: string, body: unknown, timeoutMs: number): Promise<unknown>
  fsm: MetadataFsm
  log: GoLogger
  hardStateFile: string
  /** Entries kept behind the applied index; a follower further behind gets a snapshot. */
  retainLogs: number
  /** Called when applying a committed entry throws: a Go master would not survive it. */
  onApplyError(error: unknown): void
}

const HEARTBEAT_MS = 50
const APPLY_BATCH = 4
const MAX_APPEND = 64
const PROPOSE_TIMEOUT_MS = 3000

export class RaftNode {
  role: 'follower' | 'candidate' | 'leader' = 'follower'
  term = 0
  votedFor: string | null = null
  leaderId: string | null = null
  commitIndex: number
  readonly log: RaftLog
  lastLeaderContact = 0
  /** The apply loop runs (stopped by an ordered shutdown, or by stop()). */
  applying = true
  /** Cut off from the other masters (a network partition): no RPCs answered, no campaigns. */
  isolated = false
  /** Called right after commitIndex moves ahead of what is applied (before the apply loop runs). */
  onCommitAdvance: (() => void) | null = null
  private readonly hardState: HardStateFile
  private readonly nextIndex = new Map<string, number>()
  private readonly matchIndex = new Map<string, number>()
  private readonly inflight = new Set<string>()
  private readonly waiters = new Map<number, {term: number; resolve: () => void; reject: (e: Error) => void}>()
  private electionTimer: NodeJS.Timeout | undefined
  private heartbeatTimer: NodeJS.Timeout | undefined
  private applyScheduled = false
  private stopped = false

  constructor(readonly options: RaftOptions) {
    const {fsm} = options
    this.log = new RaftLog(fsm.appliedIndex, fsm.appliedTerm)
    this.commitIndex = fsm.appliedIndex
    this.hardState = new HardStateFile(options.hardStateFile)
    const hard = this.hardState.read()
    this.term = hard.term
    this.votedFor = hard.votedFor
  }

  start(): void {
    this.options.log.info('raft.go:152', `action[createRaftServer] raft server started, nodeID(${this.options.id}) term(${this.term}) applied(${this.options.fsm.appliedIndex}) retainLogs(${this.options.retainLogs}) heartbeat(${HEARTBEAT_MS}ms) electionTimeout(150-300ms)`)
    this.resetElectionTimer()
    this.heartbeatTimer = setInterval(() => {
      if (this.role === 'leader') for (const p of this.options.peers) this.replicate(p)
    }, HEARTBEAT_MS)
  }

  /** Stops elections and replication, then applies what is committed ("apply remaining committed entries"). */
  stop(): void {
    this.stopped = true
    clearTimeout(this.electionTimer)
    clearInterval(this.heartbeatTimer)
    this.drainApply()
    this.applying = false
  }

  isLeader(): boolean {
    return this.role === 'leader' && !this.stopped
  }

  knowsLeader(): boolean {
    return this.leaderId !== null && (this.role === 'leader' || Date.now() - this.lastLeaderContact < 1000)
  }

  /** Replicates a command; resolves once it is applied here. */
  propose(command: MetaCommand): Promise<number> {
    if (!this.isLeader()) return Promise.reject(new Error(`not leader (leader: ${this.leaderId ?? 'unknown'})`))
    const entry: LogEntry = {index: this.log.lastIndex() + 1, term: this.term, command}
    this.log.append(entry)
    const applied = new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(entry.index)
        reject(new Error(`entry ${entry.index} not applied within ${PROPOSE_TIMEOUT_MS} ms`))
      }, PROPOSE_TIMEOUT_MS)
      this.waiters.set(entry.index, {term: entry.term, resolve: () => (clearTimeout(timer), resolve(entry.index)), reject: (e) => (clearTimeout(timer), reject(e))})
    })
    this.advanceCommit()
    for (const p of this.options.peers) this.replicate(p)
    return applied
  }

  handleVote(req: VoteRequest): VoteResponse {
    if (req.term > this.term) this.becomeFollower(req.term, null)
    const upToDate = req.lastLogTerm > this.log.lastTerm() || (req.lastLogTerm === this.log.lastTerm() && req.lastLogIndex >= this.log.lastIndex())
    const granted = !this.stopped && req.term === this.term && (this.votedFor === null || this.votedFor === req.candidateId) && upToDate
    if (granted) {
      this.votedFor = req.candidateId
      this.hardState.write({term: this.term, votedFor: this.votedFor})
      this.resetElectionTimer()
    }
    return {term: this.term, voteGranted: granted}
  }

  handleAppend(req: AppendRequest): AppendResponse {
    if (req.term < this.term || this.stopped) return {term: this.term, success: false, matchIndex: 0}
    this.followLeader(req.term, req.leaderId)
    const last = this.log.lastIndex()
    if (req.prevLogIndex > last) return {term: this.term, success: false, matchIndex: 0, conflictIndex: last + 1}
    if (req.prevLogIndex >= this.log.baseIndex && this.log.termAt(req.prevLogIndex) !== req.prevLogTerm) {
      return {term: this.term, success: false, matchIndex: 0, conflictIndex: this.log.firstIndexOfTerm(req.prevLogIndex)}
    }
    this.log.merge(req.entries)
    // Entries up to baseIndex are applied here, so they match the leader's log.
    const matchIndex = Math.max(req.prevLogIndex + req.entries.length, this.log.baseIndex)
    if (req.leaderCommit > this.commitIndex) {
      this.commitIndex = Math.max(this.commitIndex, Math.min(req.leaderCommit, matchIndex))
      this.scheduleApply()
      this.onCommitAdvance?.()
    }
    return {term: this.term, success: true, matchIndex}
  }

  handleSnapshot(req: SnapshotRequest): AppendResponse {
    if (req.term < this.term || this.stopped) return {term: this.term, success: false, matchIndex: 0}
    this.followLeader(req.term, req.leaderId)
    const {fsm, log} = this.options
    if (req.index <= this.commitIndex || fsm.restoring) return {term: this.term, success: true, matchIndex: Math.max(req.index, this.commitIndex)}
    log.info('raft_snapshot.go:88', `raft[1] [commit: ${this.commitIndex}, lastindex: ${this.log.lastIndex()}, lastterm: ${this.log.lastTerm()}] starts to restore snapshot [index: ${req.index}, term: ${req.lastTerm}]`)
    this.log.resetTo(req.index, req.lastTerm)
    this.commitIndex = req.index
    fsm.applySnapshot(req.data, req.index, req.lastTerm).then(() => this.scheduleApply(), (error: unknown) => this.options.onApplyError(error))
    return {term: this.term, success: true, matchIndex: req.index}
  }

  /** Stops the apply loop after applying everything committed (the ordered-shutdown path). */
  pauseApply(): void {
    this.drainApply()
    this.applying = false
  }

  resumeApply(): void {
    this.applying = true
    this.scheduleApply()
  }

  private drainApply(): void {
    while (this.applying && !this.options.fsm.restoring && this.options.fsm.appliedIndex < this.commitIndex) this.applyNext()
  }

  private scheduleApply(): void {
    if (!this.applying || this.applyScheduled) return
    this.applyScheduled = true
    setImmediate(() => this.applyTick())
  }

  private applyTick(): void {
    this.applyScheduled = false
    const {fsm} = this.options
    if (!this.applying || fsm.restoring) return
    try {
      for (let n = 0; n < APPLY_BATCH && fsm.appliedIndex < this.commitIndex; n++) this.applyNext()
    } catch (error) {
      this.options.onApplyError(error)
      return
    }
    if (fsm.appliedIndex < this.commitIndex) this.scheduleApply()
    if (fsm.appliedIndex - this.log.baseIndex > 2 * this.options.retainLogs) this.log.compact(fsm.appliedIndex - this.options.retainLogs)
  }

  private applyNext(): void {
    const {fsm} = this.options
    const entry = this.log.entry(fsm.appliedIndex + 1)
    if (!entry) throw new Error(`raft log has no entry ${fsm.appliedIndex + 1} (base ${this.log.baseIndex}, last ${this.log.lastIndex()})`)
    fsm.apply(entry)
    const waiter = this.waiters.get(entry.index)
    if (!waiter) return
    this.waiters.delete(entry.index)
    if (waiter.term === entry.term) waiter.resolve()
    else waiter.reject(new Error(`entry ${entry.index} was overwritten by a new leader`))
  }

  private followLeader(term: number, leaderId: string): void {
    const previous = this.leaderId
    if (term > this.term || this.role !== 'follower') this.becomeFollower(term, leaderId)
    if (previous !== leaderId) this.options.log.info('master_manager.go:57', `action[handleLeaderChange] current id[${this.options.id}] new leader id[${leaderId}] term[${term}]`)
    this.leaderId = leaderId
    this.lastLeaderContact = Date.now()
    this.resetElectionTimer()
  }

  private becomeFollower(term: number, leaderId: string | null): void {
    if (term > this.term) {
      this.term = term
      this.votedFor = null
      this.hardState.write({term, votedFor: null})
    }
    this.role = 'follower'
    this.leaderId = leaderId
  }

  private resetElectionTimer(): void {
    clearTimeout(this.electionTimer)
    if (this.stopped) return
    this.electionTimer = setTimeout(() => this.campaign(), 150 + Math.floor(Math.random() * 150))
  }

  private campaign(): void {
    if (this.role === 'leader' || this.stopped) return
    if (this.isolated) return this.resetElectionTimer()
    this.role = 'candidate'
    this.term++
    this.votedFor = this.options.id
    this.leaderId = null
    this.hardState.write({term: this.term, votedFor: this.votedFor})
    const term = this.term
    let votes = 1
    const req: VoteRequest = {term, candidateId: this.options.id, lastLogIndex: this.log.lastIndex(), lastLogTerm: this.log.lastTerm()}
    if (votes > (this.options.peers.length + 1) / 2) this.becomeLeader()
    for (const peer of this.options.peers) {
      this.options.send(peer, '/raft/vote', req, 150).then((r) => {
        const res = r as VoteResponse
        if (res.term > this.term) return this.becomeFollower(res.term, null)
        if (res.voteGranted && this.role === 'candidate' && this.term === term && ++votes > (this.options.peers.length + 1) / 2) this.becomeLeader()
      }, () => undefined)
    }
    this.resetElectionTimer()
  }

  private becomeLeader(): void {
    this.role = 'leader'
    this.leaderId = this.options.id
    clearTimeout(this.electionTimer)
    for (const p of this.options.peers) {
      this.nextIndex.set(p, this.log.lastIndex() + 1)
      this.matchIndex.set(p, 0)
    }
    this.options.log.info('master_manager.go:57', `action[handleLeaderChange] change leader to [${this.options.id}] term[${this.term}]`)
    // A no-op of the new term commits what earlier terms left uncommitted.
    this.propose({key: '#leader', value: this.options.id}).catch(() => undefined)
  }

  private replicate(peer: string): void {
    if (this.inflight.has(peer) || !this.isLeader()) return
    const next = this.nextIndex.get(peer) ?? this.log.lastIndex() + 1
    if (next <= this.log.baseIndex) return this.sendSnapshot(peer)
    const req: AppendRequest = {term: this.term, leaderId: this.options.id, prevLogIndex: next - 1, prevLogTerm: this.log.termAt(next - 1) ?? 0, entries: this.log.slice(next, MAX_APPEND), leaderCommit: this.commitIndex}
    this.inflight.add(peer)
    this.options.send(peer, '/raft/append', req, 300).then((r) => {
      this.inflight.delete(peer)
      const res = r as AppendResponse
      if (res.term > this.term) return this.becomeFollower(res.term, null)
      if (!this.isLeader() || res.term !== this.term) return
      if (res.success) {
        this.matchIndex.set(peer, Math.max(this.matchIndex.get(peer) ?? 0, res.matchIndex))
        this.nextIndex.set(peer, res.matchIndex + 1)
        this.advanceCommit()
        if (res.matchIndex < this.log.lastIndex()) this.replicate(peer)
      } else {
        this.nextIndex.set(peer, Math.max(1, Math.min(res.conflictIndex ?? next - 1, next - 1)))
        this.replicate(peer)
      }
    }, () => this.inflight.delete(peer))
  }

  private sendSnapshot(peer: string): void {
    const {fsm, log} = this.options
    if (fsm.restoring) return
    const req: SnapshotRequest = {term: this.term, leaderId: this.options.id, index: fsm.appliedIndex, lastTerm: fsm.appliedTerm, data: fsm.snapshot()}
    log.warn('raft.go:211', `raft[1] follower ${peer} is far behind leader (next ${this.nextIndex.get(peer)}, leader first index ${this.log.baseIndex + 1}), leader will send snapshot [index: ${req.index}, keys: ${req.data.length}]`)
    this.inflight.add(peer)
    this.options.send(peer, '/raft/snapshot', req, 2000).then((r) => {
      this.inflight.delete(peer)
      const res = r as AppendResponse
      if (res.term > this.term) return this.becomeFollower(res.term, null)
      if (!res.success) return
      this.matchIndex.set(peer, res.matchIndex)
      this.nextIndex.set(peer, res.matchIndex + 1)
      this.replicate(peer)
    }, () => this.inflight.delete(peer))
  }

  private advanceCommit(): void {
    const majority = Math.floor((this.options.peers.length + 1) / 2) + 1
    for (let n = this.log.lastIndex(); n > this.commitIndex; n--) {
      if (this.log.termAt(n) !== this.term) break
      const acks = 1 + this.options.peers.filter((p) => (this.matchIndex.get(p) ?? 0) >= n).length
      if (acks >= majority) {
        this.commitIndex = n
        this.scheduleApply()
        this.onCommitAdvance?.()
        break
      }
    }
  }
}
