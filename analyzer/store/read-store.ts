import type Database from 'better-sqlite3'
import type {CrashReport} from '../report/types.js'
import type {NodeCrashes} from './live-read.js'
import {StoreError} from './errors.js'
import {statement} from './statements.js'

export interface CrashRow {
  id: number
  node: string | null
  kind: string
  kinds: string
  signal: string | null
  first_line: number
  last_line: number
  ts: number | null
  fingerprint: string
  rule: string | null
  confidence: number | null
  source_path: string
  /** For a core-dump trace: the log crash of the same death, once linked. */
  core_of?: number | null
}

export interface LineRow {
  source_id: number
  line_no: number
  offset: number
  ts: number | null
  level: string | null
  node: string | null
  text: string
  source_path: string
}

/** A core-dump trace linked to a log crash, or the log crash a core trace belongs to. */
export interface LinkedCrash {
  id: number
  kind: string
  first_line: number
  last_line: number
  from_core: number
  source_path: string
}

export interface CrashFilter {
  kind?: string
  node?: string
  rule?: string
  /** Epoch milliseconds. */
  since?: number
  limit?: number
}

export interface LineFilter {
  node?: string
  level?: string
  grep?: string
  limit?: number
}

/** What readers ask of the store (crashes, logs, query); never writes. */
export class ReadStore {
  constructor(private readonly db: Database.Database) {}

  crashes(filter: CrashFilter = {}): CrashRow[] {
    const {kind = null, node = null, rule = null, since = null, limit = 100} = filter
    return this.db.prepare(statement('listCrashes')).all({kind, node, rule, since, limit}) as CrashRow[]
  }

  /** One crash with its full report and the lines that preceded it on every node. */
  crash(id: number, timelineLines = 40): {row: CrashRow; report: CrashReport; timeline: LineRow[]; linked: LinkedCrash[]} | null {
    const row = this.db.prepare(statement('crashById')).get({id}) as (CrashRow & {report_json: string; source_id: number}) | undefined
    if (!row) return null
    const timeline = row.ts !== null
      ? (this.db.prepare(statement('linesBefore')).all({from: row.ts - 5 * 60_000, to: row.ts, limit: timelineLines}) as LineRow[]).reverse()
      : (this.db.prepare(statement('sourceLinesBefore')).all({sourceId: row.source_id, lineNo: row.first_line, limit: timelineLines}) as LineRow[])
    const linked = this.db.prepare(statement('linkedCrashes')).all({id}) as LinkedCrash[]
    return {row, report: JSON.parse(row.report_json) as CrashReport, timeline, linked}
  }

  /** Each node's crash count and latest crash (a linked core trace is its log crash's death, not another). */
  crashesByNode(): NodeCrashes[] {
    return this.db.prepare(statement('liveNodeCrashes')).all() as NodeCrashes[]
  }

  /** The last `limit` matching lines (by time, then file order), oldest first: what tail shows. */
  lastLines(filter: LineFilter = {}): LineRow[] {
    const {node = null, level = null, grep = null, limit = 200} = filter
    return (this.db.prepare(statement('lastLines')).all({node, level, grep, limit}) as LineRow[]).reverse()
  }

  /** The tail and, from the same snapshot, each source's last line: where following starts. */
  tailWithCursors(filter: LineFilter = {}): {rows: LineRow[]; cursors: Map<number, number>} {
    return this.db.transaction(() => {
      const cursors = new Map((this.db.prepare(statement('sourceEnds')).all() as {id: number; line_no: number}[]).map((r): [number, number] => [r.id, r.line_no]))
      return {rows: this.lastLines(filter), cursors}
    })()
  }

  /** Lines stored since each source's cursor (source id -> last line number seen), for following. */
  linesSince(cursors: Map<number, number>, filter: LineFilter = {}): LineRow[] {
    const {node = null, level = null, grep = null, limit = 1000} = filter
    const rows: LineRow[] = []
    const after = this.db.prepare(statement('sourceLinesAfter'))
    for (const {id} of this.db.prepare(statement('sourceIds')).all() as {id: number}[]) {
      const afterLine = cursors.get(id) ?? 0
      rows.push(...(after.all({sourceId: id, afterLine, node, level, grep, limit}) as LineRow[]))
    }
    return rows
  }

  /** One read-only SQL statement; a second statement or any write is refused. */
  query(sql: string): {columns: string[]; rows: unknown[][]} {
    let stmt: Database.Statement
    try {
      stmt = this.db.prepare(sql)
    } catch (error) {
      throw new StoreError('query-invalid', (error as Error).message, 'one SELECT statement over sources, log_lines, crashes (see README)')
    }
    if (!stmt.readonly || !stmt.reader) {
      throw new StoreError('query-not-read-only', 'storctl query only reads: this statement would change the store', 'use SELECT (or WITH ... SELECT)')
    }
    const columns = stmt.columns().map((c) => c.name)
    return {columns, rows: stmt.raw(true).all() as unknown[][]}
  }
}
