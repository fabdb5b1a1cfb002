import type Database from 'better-sqlite3'
import {statement} from './statements.js'

/** A node's start, exit or restart, as the cluster's supervisor saw it. */
export interface NodeEvent {
  /** Epoch milliseconds. */
  ts: number
  node: string
  event: 'start' | 'exit' | 'restart' | 'healthy' | 'unhealthy' | 'stop'
  pid: number | null
  code: number | null
  signal: string | null
  detail: string | null
}

export interface NodeEventRow extends NodeEvent {
  id: number
}

/** Writes node events (the store's one writer: the process that holds the writer lock). */
export function recordNodeEvent(db: Database.Database, event: NodeEvent): void {
  db.prepare(statement('insertNodeEvent')).run(event)
}

/** The newest events first, of one node or all. */
export function listNodeEvents(db: Database.Database, filter: {node?: string; limit?: number} = {}): NodeEventRow[] {
  return db.prepare(statement('listNodeEvents')).all({node: filter.node ?? null, limit: filter.limit ?? 100}) as NodeEventRow[]
}
