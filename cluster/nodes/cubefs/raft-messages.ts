// The masters' raft RPCs (JSON over HTTP on 127.0.0.1: /raft/vote, /raft/append, /raft/snapshot).
import type {LogEntry} from './raft-log.js'

export interface VoteRequest {
  term: number
  candidateId: string
  lastLogIndex: number
  lastLogTerm: number
}

export interface VoteResponse {
  term: number
  voteGranted: boolean
}

export interface AppendRequest {
  term: number
  leaderId: string
  prevLogIndex: number
  prevLogTerm: number
  entries: LogEntry[]
  leaderCommit: number
}

export interface AppendResponse {
  term: number
  success: boolean
  /** The highest index known to match the leader's log. */
  matchIndex: number
  /** On a mismatch: where the leader should retry from. */
  conflictIndex?: number
}

export interface SnapshotRequest {
  term: number
  leaderId: string
  /** The snapshot covers the log up to this index (of term lastTerm). */
  index: number
  lastTerm: number
  /** Every metadata key and value at that index. */
  data: [string, string][]
}
