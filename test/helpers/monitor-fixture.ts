// Stores for the monitor's tests and bench: real samples ingested as nodes, or a bulk store of N lines.
import {readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import type Database from 'better-sqlite3'
import {diagnoseLog} from '../../analyzer/index.js'
import {linesOf, makeLine} from '../../analyzer/lines/line.js'
import {IngestStore} from '../../analyzer/store/ingest-store.js'
import {openStoreForWrite, type OpenedStore} from '../../analyzer/store/open-store.js'
import {ROOT} from './cli.js'

/** Node name -> sample file: the crash of each is the node's crash, as a cluster's logs/<node>.log would be. */
export const MONITOR_SAMPLES: Readonly<Record<string, string>> = {
  master1: 'samples/go-master-cgo-sigsegv-shutdown.log',
  datanode1: 'samples/go-datanode-nil-pointer-panic.log',
  datanode2: 'samples/neg-go-datanode-healthy.log',
  replica1: 'samples/cpp-replica-glog-sigsegv.log',
}

export const MASTER_RULE = 'cubefs-master-shutdown-rocksdb-race'

/** A line with an escape sequence and a bidi override, as a hostile log could hold. */
export const HOSTILE_TEXT = 'evil \u001b[2J\u001b]0;pwned\u0007 title \u202e reversed'

/** Ingests each sample as one node's log: lines and crashes carry the node name. */
export async function ingestSamples(store: OpenedStore, samples: Readonly<Record<string, string>> = MONITOR_SAMPLES): Promise<void> {
  const ingest = new IngestStore(store.db)
  for (const [node, sample] of Object.entries(samples)) {
    const file = path.join(ROOT, sample)
    const text = readFileSync(file, 'utf8')
    const lines = linesOf(text).map((l) => ({...l, node: l.node ?? node}))
    const {report} = await diagnoseLog([file])
    const crashes = report.crashes.map((c) => ({...c, node: c.node ?? node}))
    const source = ingest.source({path: `logs/${node}.log`, inode: statSync(file).ino, headHash: `fixture-${node}`})
    const end = {offset: Buffer.byteLength(text), lineNo: lines.length}
    ingest.commit(source.id, {lines, crashes, checkpoint: {...end, scanOffset: end.offset, scanLineNo: end.lineNo}})
  }
}

/** Appends plain lines to one node's source (created when new), as watch would: lines and checkpoint together. */
export function appendLines(store: OpenedStore, node: string, texts: readonly string[], level = 'INFO'): void {
  const ingest = new IngestStore(store.db)
  const find = () => store.db.prepare('SELECT id, line_no, offset FROM sources WHERE path = ? ORDER BY id DESC LIMIT 1').get(`logs/${node}.log`) as {id: number; line_no: number; offset: number} | undefined
  const existing = find() ?? (ingest.source({path: `logs/${node}.log`, inode: null, headHash: null}), find()!)
  const now = Date.now()
  const lines = texts.map((raw, i) => ({...makeLine(raw, existing.line_no + i + 1, existing.offset + i * 100), time: now, level, node}))
  const end = {offset: existing.offset + texts.length * 100, lineNo: existing.line_no + texts.length}
  ingest.commit(existing.id, {lines, crashes: [], checkpoint: {...end, scanOffset: end.offset, scanLineNo: end.lineNo}})
}

/** A store of the samples, closed; returns its path. */
export async function buildSampleStore(file: string): Promise<string> {
  const store = openStoreForWrite(file)
  try {
    await ingestSamples(store)
    appendLines(store, 'datanode2', [HOSTILE_TEXT], 'WARN')
  } finally {
    store.close()
  }
  return file
}

const LEVELS = ['INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'INFO', 'ERROR'] as const
const ROWS_PER_INSERT = 100

/** Inserts `lines` synthetic lines spread over `nodes` sources, ending now, with multi-row inserts in one transaction. */
export function insertBulkLines(db: Database.Database, options: {lines: number; nodes: number}): void {
  const now = new Date().toISOString()
  const insertSource = db.prepare('INSERT INTO sources (path, offset, line_no, scan_offset, scan_line_no, first_seen, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const insertMany = db.prepare(`INSERT INTO log_lines (source_id, line_no, offset, ts, level, node, text) VALUES ${Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?, ?, ?, ?)').join(', ')}`)
  const insertOne = db.prepare('INSERT INTO log_lines (source_id, line_no, offset, ts, level, node, text) VALUES (?, ?, ?, ?, ?, ?, ?)')
  const perNode = Math.ceil(options.lines / options.nodes)
  const start = Date.now() - perNode
  db.transaction(() => {
    for (let n = 1; n <= options.nodes; n++) {
      const count = Math.min(perNode, options.lines - (n - 1) * perNode)
      const node = `datanode${n}`
      const sourceId = Number(insertSource.run(`logs/${node}.log`, count * 120, count, count * 120, count, now, now).lastInsertRowid)
      const row = (i: number): unknown[] => {
        const level = LEVELS[i % LEVELS.length]!
        return [sourceId, i, (i - 1) * 120, start + i, level, node, `2026/11/21 16:26:30.739618 partition.go:226: [${level}] action[apply] partition(${i % 97}) index(${i}) bulk line`]
      }
      let i = 1
      for (; i + ROWS_PER_INSERT - 1 <= count; i += ROWS_PER_INSERT) {
        const values: unknown[] = []
        for (let k = 0; k < ROWS_PER_INSERT; k++) values.push(...row(i + k))
        insertMany.run(values)
      }
      for (; i <= count; i++) insertOne.run(row(i))
    }
  })()
}

/** A bulk store: `lines` synthetic lines over `nodes` nodes, plus the samples' crashes; returns its path. */
export async function buildBulkStore(file: string, options: {lines: number; nodes: number}): Promise<string> {
  const store = openStoreForWrite(file)
  try {
    insertBulkLines(store.db, options)
    await ingestSamples(store)
  } finally {
    store.close()
  }
  return file
}
