// The monitor and the dashboard both count, per node, the lines each source gained since they last looked.
import type Database from 'better-sqlite3'
import {statement} from './statements.js'

/** A source and the lines committed to it so far (the `liveSources` row). */
export interface SourceEnd {
  id: number
  path: string
  line_no: number
}

/** The lines a source gained since the last look: (afterLine, upTo]. */
export interface NewLineRange {
  sourceId: number
  afterLine: number
  upTo: number
}

/** Lines of one node (null: lines that name none) in a range, and the newest time among them. */
export interface NodeLineCount {
  node: string | null
  lines: number
  last_ts: number | null
}

/** A cursor per source, so each look reads only a primary-key range of new lines. */
export class NewLineCounter {
  private readonly cursors = new Map<number, number>()
  private readonly nodeLines: Database.Statement

  constructor(db: Database.Database) {
    this.nodeLines = db.prepare(statement('liveNodeLines'))
  }

  /** Calls `read` with the new lines of each source that has any, then moves its cursor past them. */
  eachNewRange(sources: readonly SourceEnd[], read: (range: NewLineRange) => void): void {
    for (const source of sources) {
      const afterLine = this.cursors.get(source.id) ?? 0
      if (source.line_no <= afterLine) continue
      read({sourceId: source.id, afterLine, upTo: source.line_no})
      this.cursors.set(source.id, source.line_no)
    }
  }

  countByNode(range: NewLineRange): NodeLineCount[] {
    return this.nodeLines.all(range) as NodeLineCount[]
  }
}
