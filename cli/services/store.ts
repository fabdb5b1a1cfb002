import {setTimeout as sleep} from 'node:timers/promises'
import type {CrashReport} from '../../analyzer/index.js'
import {StoreError, type StoreProblemCode} from '../../analyzer/store/errors.js'
import {openStoreForRead} from '../../analyzer/store/open-store.js'
import type {NodeCrashes} from '../../analyzer/store/live-read.js'
import {ReadStore, type CrashFilter, type CrashRow, type LineFilter, type LineRow} from '../../analyzer/store/read-store.js'
import {AbortError} from '../lib/errors.js'
import {EXIT} from '../lib/exit-codes.js'

// Exit statuses: the store itself cannot be read (missing, corrupt, busy) is an unreadable input (3);
// a bad query, an unknown crash id or a bad --since is a wrong command line (2).
const EXIT_FOR: Record<StoreProblemCode, number> = {
  'store-missing': EXIT.input, 'store-corrupt': EXIT.input, 'store-busy': EXIT.input,
  'query-invalid': EXIT.usage, 'query-not-read-only': EXIT.usage,
}

export const FOLLOW_POLL_MS = 500

export interface CrashListItem {
  id: number
  node: string | null
  kind: string
  kinds: string[]
  signal: string | null
  lines: {start: number; end: number}
  time: string | null
  fingerprint: string
  rule: string | null
  confidence: number | null
  source: string
  /** A core-dump trace: the id of the log crash of the same death (null when not linked yet). */
  coreTraceOf?: number | null
}

export interface StoredLine {
  source: string
  lineNo: number
  time: string | null
  level: string | null
  node: string | null
  text: string
}

export interface CrashDetail {
  id: number
  crash: CrashReport
  /** The lines before the crash, across every node (or in its own file when it has no time). */
  timeline: StoredLine[]
  /** Core-dump traces of the same death (or, for a core trace, the log crash it belongs to). */
  linked: {id: number; kind: string; source: string; lines: {start: number; end: number}; coreTrace: boolean}[]
}

export interface QueryResult {
  columns: string[]
  rows: unknown[][]
}

function storeAbort(error: StoreError): AbortError {
  return new AbortError(error.message, {code: error.code, hint: error.hint, exit: EXIT_FOR[error.code]})
}

/** Runs `use` over the store opened read-only, turning store problems into one-line aborts. */
function withStore<T>(file: string, use: (store: ReadStore) => T): T {
  try {
    const opened = openStoreForRead(file)
    try {
      return use(new ReadStore(opened.db))
    } finally {
      opened.close()
    }
  } catch (error) {
    throw error instanceof StoreError ? storeAbort(error) : error
  }
}

const isoTime = (ts: number | null): string | null => (ts === null ? null : new Date(ts).toISOString())

function crashItem(r: CrashRow): CrashListItem {
  return {
    id: r.id, node: r.node, kind: r.kind, kinds: JSON.parse(r.kinds) as string[], signal: r.signal, lines: {start: r.first_line, end: r.last_line},
    time: isoTime(r.ts), fingerprint: r.fingerprint, rule: r.rule, confidence: r.confidence, source: r.source_path,
    ...(r.core_of != null ? {coreTraceOf: r.core_of} : {}),
  }
}

function storedLine(l: LineRow): StoredLine {
  return {source: l.source_path, lineNo: l.line_no, time: isoTime(l.ts), level: l.level, node: l.node, text: l.text}
}

const DURATION_MS: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000}

/** `--since`: a duration back from now (90s, 30m, 1h, 2d, 1w) or an ISO time; epoch milliseconds. */
export function parseSince(text: string, now = Date.now()): number {
  const m = /^(\d+)([smhdw])$/.exec(text.trim())
  if (m) return now - Number(m[1]) * DURATION_MS[m[2]!]!
  const t = Date.parse(text)
  if (Number.isNaN(t)) throw new AbortError(`--since ${text} is neither a duration nor a time`, {code: 'since-invalid', hint: 'use a duration like 30m, 1h, 2d or an ISO time like 2026-11-21T17:00:00Z'})
  return t
}

export interface CrashesOptions extends Omit<CrashFilter, 'since'> {
  since?: string
}

/** The stored crashes, newest first, filtered. */
export function listCrashes(file: string, options: CrashesOptions = {}): {crashes: CrashListItem[]} {
  const filter: CrashFilter = {...options, since: options.since === undefined ? undefined : parseSince(options.since)}
  return {crashes: withStore(file, (store) => store.crashes(filter).map(crashItem))}
}

/** Each node's crash count and latest crash. */
export function crashesByNode(file: string): NodeCrashes[] {
  return withStore(file, (store) => store.crashesByNode())
}

/** One stored crash: its report as diagnose gave it, and the timeline before it. */
export function showCrash(file: string, id: string): CrashDetail {
  const n = Number(id)
  const found = Number.isInteger(n) && n > 0 ? withStore(file, (store) => store.crash(n)) : null
  if (!found) throw new AbortError(`no crash with id ${id} in ${file}`, {code: 'crash-not-found', hint: 'storctl crashes lists the stored crashes and their ids'})
  const linked = found.linked.map((l) => ({id: l.id, kind: l.kind, source: l.source_path, lines: {start: l.first_line, end: l.last_line}, coreTrace: l.from_core === 1}))
  return {id: found.row.id, crash: found.report, timeline: found.timeline.map(storedLine), linked}
}

export type LogsOptions = LineFilter

/** The last stored lines, filtered, oldest first (like tail). */
export function logs(file: string, options: LogsOptions = {}): {lines: StoredLine[]} {
  return {lines: withStore(file, (store) => store.lastLines(options).map(storedLine))}
}

/** Stored lines as they arrive: the current ones, then new ones every 500 ms, until `signal` aborts. */
export async function* followLogs(file: string, options: LogsOptions & {signal: AbortSignal}): AsyncGenerator<StoredLine[]> {
  const {signal, ...filter} = options
  // Start where tail would, then follow every source from its own last line (one snapshot for both).
  const {rows: first, cursors} = withStore(file, (store) => store.tailWithCursors(filter))
  if (first.length > 0) yield first.map(storedLine)
  while (!signal.aborted) {
    await sleep(FOLLOW_POLL_MS, undefined, {signal}).catch(() => undefined)
    if (signal.aborted) break
    const rows = withStore(file, (store) => store.linesSince(cursors, filter))
    for (const r of rows) cursors.set(r.source_id, Math.max(cursors.get(r.source_id) ?? 0, r.line_no))
    if (rows.length > 0) yield rows.map(storedLine)
  }
}

/** An AbortSignal that fires on the first Ctrl-C (SIGINT), so that following ends cleanly. */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController()
  process.once('SIGINT', () => controller.abort())
  return controller.signal
}

const cell = (v: unknown): unknown => (Buffer.isBuffer(v) ? `x'${v.toString('hex')}'` : typeof v === 'bigint' ? v.toString() : v)

/** One read-only SQL statement over the store. */
export function query(file: string, sql: string): QueryResult {
  const {columns, rows} = withStore(file, (store) => store.query(sql))
  return {columns, rows: rows.map((r) => r.map(cell))}
}
