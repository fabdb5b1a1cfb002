import type Database from 'better-sqlite3'
import type {LogLine} from '../model.js'
import type {CrashReport} from '../report/types.js'
import {statement} from './statements.js'

export interface SourceIdentity {
  path: string
  inode: number | null
  headHash: string | null
}

export interface SourceRow {
  id: number
  path: string
  inode: number | null
  head_hash: string | null
  offset: number
  line_no: number
  scan_offset: number
  scan_line_no: number
  state: string
}

export interface Checkpoint {
  /** Lines are stored up to this byte offset (exclusive); `lineNo` lines so far. */
  offset: number
  lineNo: number
  /** Where scanning resumes after a restart: the oldest open trace's start. */
  scanOffset: number
  scanLineNo: number
}

export interface Batch {
  lines: readonly LogLine[]
  crashes: readonly CrashReport[]
  checkpoint: Checkpoint
  /** The crashes come from a core-dump trace file: link them to their node's log crash. */
  fromCore?: boolean
}

const now = () => new Date().toISOString()
/** Lines per multi-row INSERT: fewer statement runs, well under SQLite's parameter limit. */
const LINES_PER_INSERT = 64

/** What the tailer writes: sources, and batches of lines and crashes with their checkpoint. */
export class IngestStore {
  private readonly stmt: Record<string, Database.Statement>

  private readonly insertLines: Database.Statement

  constructor(private readonly db: Database.Database) {
    const rows = Array.from({length: LINES_PER_INSERT}, () => statement('insertLinesRow').replace(/;$/, '')).join(', ')
    this.insertLines = db.prepare(`${statement('insertLinesHead').replace(/^--.*\n/gm, '')} ${rows}`)
    const names = ['findSourceByIdentity', 'sourceById', 'insertSource', 'updateSourceIdentity', 'checkpoint', 'setSourceState', 'insertLine', 'insertCrash', 'linkCoreTraces', 'timeCoreTraces']
    this.stmt = Object.fromEntries(names.map((n) => [n, db.prepare(statement(n))]))
  }

  /** The source a file is: known by identity (a renamed file stays itself), else new. */
  source(identity: SourceIdentity): SourceRow {
    const params = {...identity, now: now()}
    const known = (identity.inode !== null && identity.headHash !== null ? this.stmt.findSourceByIdentity!.get(params) : undefined) as SourceRow | undefined
    if (known) {
      if (known.path !== identity.path) this.stmt.updateSourceIdentity!.run({...params, id: known.id})
      return {...known, path: identity.path}
    }
    const id = Number(this.stmt.insertSource!.run(params).lastInsertRowid)
    return this.stmt.sourceById!.get({id}) as SourceRow
  }

  /** Lines, crashes and the checkpoint that covers them, in one transaction: all or nothing. */
  commit(sourceId: number, batch: Batch): void {
    const t = now()
    this.db.transaction(() => {
      this.storeLines(sourceId, batch.lines)
      for (const c of batch.crashes) {
        this.stmt.insertCrash!.run({
          sourceId, node: c.node, kind: c.kind, kinds: JSON.stringify(c.kinds), signal: c.signal, firstLine: c.lines.start, lastLine: c.lines.end,
          ts: c.time === null ? null : Date.parse(c.time), fingerprint: c.fingerprint, rule: c.diagnosis.rule, confidence: c.diagnosis.confidence,
          reportJson: JSON.stringify(c), now: t, fromCore: batch.fromCore ? 1 : 0,
        })
      }
      // Either side may be stored first: each new crash is a chance to link the core traces waiting.
      if (batch.crashes.length > 0) {
        this.stmt.linkCoreTraces!.run()
        this.stmt.timeCoreTraces!.run()
      }
      this.stmt.checkpoint!.run({id: sourceId, ...batch.checkpoint, now: t})
    })()
  }

  /** Full groups of LINES_PER_INSERT go in one statement each; the rest one by one. */
  private storeLines(sourceId: number, lines: readonly LogLine[]): void {
    const whole = lines.length - (lines.length % LINES_PER_INSERT)
    for (let i = 0; i < whole; i += LINES_PER_INSERT) {
      const values: unknown[] = []
      for (const l of lines.slice(i, i + LINES_PER_INSERT)) values.push(sourceId, l.lineNo, l.offset, l.time, l.level, l.node, l.raw)
      this.insertLines.run(values)
    }
    for (const l of lines.slice(whole)) {
      this.stmt.insertLine!.run({sourceId, lineNo: l.lineNo, offset: l.offset, ts: l.time, level: l.level, node: l.node, text: l.raw})
    }
  }

  setState(sourceId: number, state: 'active' | 'rotated' | 'deleted' | 'done'): void {
    this.stmt.setSourceState!.run({id: sourceId, state, now: now()})
  }
}
