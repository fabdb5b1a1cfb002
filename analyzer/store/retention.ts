import type Database from 'better-sqlite3'
import {statement} from './statements.js'

/** How much of the logs the store keeps; crash evidence and context are always kept. */
export interface RetentionPolicy {
  maxAgeMs: number
  maxLines: number
  /** Lines kept around every crash of a source: its context before, what followed after. */
  keepBefore: number
  keepAfter: number
}

export const DEFAULT_RETENTION: RetentionPolicy = {
  maxAgeMs: 7 * 24 * 3600_000,
  maxLines: 5_000_000,
  keepBefore: 200,
  keepAfter: 50,
}

/** Deletes lines older than the policy's age, then the oldest beyond its size; returns how many went. */
export function applyRetention(db: Database.Database, policy: RetentionPolicy = DEFAULT_RETENTION, now = Date.now()): number {
  const keep = {keepBefore: policy.keepBefore, keepAfter: policy.keepAfter}
  return db.transaction(() => {
    let removed = db.prepare(statement('pruneOldLines')).run({before: now - policy.maxAgeMs, ...keep}).changes
    const {n} = db.prepare(statement('countLines')).get() as {n: number}
    if (n > policy.maxLines) removed += db.prepare(statement('pruneOverflow')).run({excess: n - policy.maxLines, ...keep}).changes
    return removed
  })()
}
