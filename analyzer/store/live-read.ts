import type Database from 'better-sqlite3'
import {NewLineCounter, type NewLineRange, type SourceEnd} from './new-line-counter.js'
import {statement} from './statements.js'

export interface LiveLine {
  source_id: number
  line_no: number
  ts: number | null
  level: string | null
  node: string | null
  text: string
}

export interface LiveCrash {
  id: number
  node: string | null
  kind: string
  ts: number | null
  fingerprint: string
  rule: string | null
  confidence: number | null
  from_core: number
  source_path: string
}

/** Crashes of one fingerprint; kind, rule, node and time are those of its latest crash (stored time when its log had none). */
export interface CrashGroup {
  fingerprint: string
  count: number
  first_id: number
  last_id: number
  last_ts: number | null
  node: string | null
  kind: string
  rule: string | null
  confidence: number | null
}

/** A node's crash count and its latest crash. */
export interface NodeCrashes {
  node: string
  crashes: number
  last_id: number
  kind: string
  rule: string | null
  confidence: number | null
  ts: number | null
}

/** What the store gained since the previous poll (everything there is, on the first one). */
export interface LiveDelta {
  initial: boolean
  /** New lines, per source oldest first; at most `tailLines` per source and poll. */
  lines: LiveLine[]
  /** New lines per node name since the previous poll (not counted on the first poll). */
  lineCounts: Map<string | null, number>
  /** Node names seen in the lines read (the recent tail on the first poll). */
  nodes: Set<string>
  /** Crashes stored since the previous poll, oldest first. */
  crashes: LiveCrash[]
  /** Regrouped only when crashes arrived; null otherwise. */
  groups: CrashGroup[] | null
  nodeCrashes: NodeCrashes[] | null
  /** The source paths by id. */
  sources: Map<number, string>
}

export interface LiveReaderOptions {
  /** New lines read per source and poll (the rest are only counted). */
  tailLines?: number
  crashLimit?: number
}

/** Follows a store read-only: a pragma tells whether anything changed; reads only what is new. */
export class LiveReader {
  private version: number | null = null
  private readonly newLines: NewLineCounter
  private lastCrashId = 0
  private readonly stmt: Record<string, Database.Statement>
  private readonly tailLines: number
  private readonly crashLimit: number

  constructor(private readonly db: Database.Database, options: LiveReaderOptions = {}) {
    this.tailLines = options.tailLines ?? 500
    this.crashLimit = options.crashLimit ?? 1000
    const names = ['liveSources', 'liveLinesAfter', 'liveCrashesAfter', 'liveCrashGroups', 'liveNodeCrashes']
    this.stmt = Object.fromEntries(names.map((n) => [n, db.prepare(statement(n))]))
    this.newLines = new NewLineCounter(db)
    this.stmt.liveDataVersion = db.prepare(statement('liveDataVersion')).pluck()
  }

  /** True when another connection committed since the last poll (or nothing was polled yet). */
  changed(): boolean {
    return this.version !== this.stmt.liveDataVersion!.get()
  }

  /** Null when nothing changed; otherwise what is new, read in one snapshot. */
  poll(): LiveDelta | null {
    if (!this.changed()) return null
    return this.db.transaction(() => this.read())()
  }

  private read(): LiveDelta {
    const initial = this.version === null
    this.version = this.stmt.liveDataVersion!.get() as number
    const delta: LiveDelta = {initial, lines: [], lineCounts: new Map(), nodes: new Set(), crashes: [], groups: null, nodeCrashes: null, sources: new Map()}
    const sources = this.stmt.liveSources!.all() as SourceEnd[]
    for (const source of sources) delta.sources.set(source.id, source.path)
    this.newLines.eachNewRange(sources, (range) => this.readNewLines(range, delta))
    const crashes = (this.stmt.liveCrashesAfter!.all({afterId: this.lastCrashId, limit: this.crashLimit}) as LiveCrash[]).reverse()
    if (crashes.length > 0) {
      this.lastCrashId = crashes.at(-1)!.id
      delta.crashes = crashes
    }
    if (initial || crashes.length > 0) {
      delta.groups = this.stmt.liveCrashGroups!.all({limit: this.crashLimit}) as CrashGroup[]
      delta.nodeCrashes = this.stmt.liveNodeCrashes!.all() as NodeCrashes[]
    }
    return delta
  }

  private readNewLines(range: NewLineRange, delta: LiveDelta): void {
    const lines = (this.stmt.liveLinesAfter!.all({...range, limit: this.tailLines}) as LiveLine[]).reverse()
    for (const l of lines) {
      delta.lines.push(l)
      if (l.node !== null) delta.nodes.add(l.node)
    }
    // The first poll only sets the baseline: counting a million stored lines would cost the first frame.
    if (!delta.initial) {
      for (const {node, lines: n} of this.newLines.countByNode(range)) delta.lineCounts.set(node, (delta.lineCounts.get(node) ?? 0) + n)
    }
  }
}
