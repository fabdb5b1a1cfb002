// The raft log of one master: entries after the last compaction point, and the persisted hard state.
import {closeSync, fsyncSync, openSync, readFileSync, writeSync} from 'node:fs'
import type {MetaCommand} from './metadata-fsm.js'

export interface LogEntry {
  index: number
  term: number
  command: MetaCommand
}

export class RaftLog {
  /** Entries with index > baseIndex. */
  private entries: LogEntry[] = []

  /** The index (and its term) the log was compacted up to: a snapshot or the store's applied state. */
  constructor(public baseIndex: number, public baseTerm: number) {}

  lastIndex(): number {
    return this.baseIndex + this.entries.length
  }

  lastTerm(): number {
    return this.termAt(this.lastIndex()) ?? this.baseTerm
  }

  /** The term of an entry, undefined when it is compacted away or not there yet. */
  termAt(index: number): number | undefined {
    if (index === this.baseIndex) return this.baseTerm
    return this.entries[index - this.baseIndex - 1]?.term
  }

  entry(index: number): LogEntry | undefined {
    return this.entries[index - this.baseIndex - 1]
  }

  slice(from: number, max: number): LogEntry[] {
    const start = from - this.baseIndex - 1
    return this.entries.slice(start, start + max)
  }

  /** The first index of the term at `index`: a follower's hint to skip a conflicting term at once. */
  firstIndexOfTerm(index: number): number {
    const term = this.termAt(index)
    let i = index
    while (i - 1 > this.baseIndex && this.termAt(i - 1) === term) i--
    return i
  }

  append(entry: LogEntry): void {
    this.entries.push(entry)
  }

  /** Appends a leader's entries, dropping ours from the first conflicting one (never below base). */
  merge(entries: readonly LogEntry[]): void {
    for (const e of entries) {
      if (e.index <= this.baseIndex) continue
      const existing = this.termAt(e.index)
      if (existing === e.term) continue
      if (existing !== undefined) this.entries.length = e.index - this.baseIndex - 1
      this.entries.push(e)
    }
  }

  /** Drops entries up to `index` (they are in the state machine). */
  compact(index: number): void {
    if (index <= this.baseIndex) return
    const term = this.termAt(index) ?? this.baseTerm
    this.entries = this.entries.slice(index - this.baseIndex)
    this.baseIndex = index
    this.baseTerm = term
  }

  /** Replaces the log by a snapshot point, keeping our entries after it when they agree with it. */
  resetTo(index: number, term: number): void {
    const keep = this.termAt(index) === term ? this.entries.slice(index - this.baseIndex) : []
    this.entries = keep
    this.baseIndex = index
    this.baseTerm = term
  }
}

export interface HardState {
  term: number
  votedFor: string | null
}

/** Term and vote survive a restart (written and synced before answering a vote). */
export class HardStateFile {
  constructor(readonly file: string) {}

  read(): HardState {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as HardState
    } catch {
      return {term: 0, votedFor: null}
    }
  }

  write(state: HardState): void {
    const fd = openSync(this.file, 'w')
    try {
      writeSync(fd, JSON.stringify(state))
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  }
}
