// A compact raft for the masters: randomized elections, AppendEntries replication, commit by
// majority, an apply loop into the MetadataFsm, log compaction and InstallSnapshot.
import type {GoLogger} from '../../node/go-log.js'
import type {MetaCommand, MetadataFsm} from './metadata-fsm.js'
import {HardStateFile, RaftLog, type LogEntry} from './raft-log.js'
import type {AppendRequest, AppendResponse, SnapshotRequest, VoteRequest, VoteResponse} from './raft-messages.js'
import {PendingProposals} from './raft-proposals.js'
import {Replication, acceptEntries} from './raft-replication.js'

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
  private readonly replication: Replication
  private readonly proposals = new PendingProposals()
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
    this.replication = new Replication({
      options, log: this.log, term: () => this.term, commitIndex: () => this.commitIndex, isLeader: () => this.isLeader(),
      stepDown: (term) => this.becomeFollower(term, null), commitTo: (index) => this.commitTo(index),
    })
  }

  start(): void {
    this.options.log.info('raft.go:152', `action[createRaftServer] raft server started, nodeID(${this.options.id}) term(${this.term}) applied(${this.options.fsm.appliedIndex}) retainLogs(${this.options.retainLogs}) heartbeat(${HEARTBEAT_MS}ms) electionTimeout(150-300ms)`)
    this.resetElectionTimer()
    this.heartbeatTimer = setInterval(() => {
      if (this.role === 'leader') this.replication.replicateAll()
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
    const applied = this.proposals.wait(entry)
    this.replication.advanceCommit()
    this.replication.replicateAll()
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
    const res = acceptEntries(this.log, this.term, req)
    if (res.success && req.leaderCommit > this.commitIndex) this.commitTo(Math.max(this.commitIndex, Math.min(req.leaderCommit, res.matchIndex)))
    return res
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

  private commitTo(index: number): void {
    this.commitIndex = index
    this.scheduleApply()
    this.onCommitAdvance?.()
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
    this.proposals.settle(entry)
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
    this.replication.resetProgress()
    this.options.log.info('master_manager.go:57', `action[handleLeaderChange] change leader to [${this.options.id}] term[${this.term}]`)
    // A no-op of the new term commits what earlier terms left uncommitted.
    this.propose({key: '#leader', value: this.options.id}).catch(() => undefined)
  }
}
