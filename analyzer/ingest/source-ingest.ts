import type Database from 'better-sqlite3'
import {SourceScanner} from '../engine/source-scanner.js'
import type {TraceFormat} from '../formats/types.js'
import {IncidentBuilder} from '../incidents/merge.js'
import {countLines, type Chunk} from '../input/chunks.js'
import {makeLine, MAX_LINE_CHARS} from '../lines/line.js'
import type {Incident, LogLine} from '../model.js'
import {diagnoseIncident} from '../report/diagnose-incident.js'
import type {CrashReport} from '../report/types.js'
import type {LoadedRule} from '../rules/load.js'
import type {IngestStore, SourceRow} from '../store/ingest-store.js'
import {coreTraceFile, type CoreTraceFile} from './core-traces.js'

/** Bytes kept before each new append so a trace's context is the same as in diagnose. */
export const CONTEXT_BYTES = 64 << 10
const NEWLINE = 10
const EMPTY = Buffer.alloc(0)

export interface IngestOptions {
  db: Database.Database
  store: IngestStore
  formats: readonly TraceFormat[]
  rules: readonly LoadedRule[]
  onBatch?: (batch: {path: string; lines: number; crashes: readonly CrashReport[]}) => void
  /** The node a file's lines and crashes belong to when they name none (a cluster's logs/<node>.log). */
  nodeOf?: (path: string) => string | null
}

interface Window extends Chunk {
  firstLineNo: number
}


function materialise(buf: Buffer, offset: number, firstLineNo: number, fileNode: string | null): LogLine[] {
  const lines: LogLine[] = []
  for (let pos = 0, n = firstLineNo; pos < buf.length; n++) {
    const nl = buf.indexOf(NEWLINE, pos)
    const end = nl === -1 ? buf.length : nl
    const line = makeLine(buf.toString('utf8', pos, Math.min(end, pos + MAX_LINE_CHARS * 4)), n, offset + pos)
    if (line.node === null && fileNode !== null) line.node = fileNode
    lines.push(line)
    pos = end + 1
  }
  return lines
}

/**
 * The lines of one source into the store, its traces into crashes, with the checkpoint: `offset` =
 * end of the lines stored; `scan_offset` = where a restart must scan from to rebuild the traces and
 * incidents still open (lines below `offset` are then scanned again, not stored again).
 */
export class SourceIngest {
  /** End of the bytes scanned (always a line end). */
  readPos: number
  lineNo: number
  private stored: {offset: number; lineNo: number}
  private scanner!: SourceScanner
  private builder!: IncidentBuilder
  private readonly found: CrashReport[] = []
  private recent: Window | null = null
  private readonly core: CoreTraceFile | null
  /** The node the file's name says, for lines and crashes that name none. */
  private readonly fileNode: string | null

  constructor(readonly row: SourceRow, public path: string, private readonly options: IngestOptions) {
    this.core = coreTraceFile(path)
    this.fileNode = this.core?.node ?? options.nodeOf?.(path) ?? null
    this.readPos = row.scan_offset
    this.lineNo = row.scan_line_no
    this.stored = {offset: row.offset, lineNo: row.line_no}
    this.startScan()
  }

  /** The bytes just before readPos (from a line start), read back after a restart as context. */
  setContext(buf: Buffer): void {
    this.recent = {buf, offset: this.readPos - buf.length, firstLineNo: this.lineNo - countLines(buf) + 1}
  }

  /** Whole lines (the last may be a flushed partial line) at readPos: scanned, stored, committed. */
  ingest(buf: Buffer): void {
    const offset = this.readPos
    const firstLineNo = this.lineNo + 1
    if (this.recent) this.scanner.prime(this.recent, this.recent.firstLineNo)
    this.scanner.scan({buf, offset})
    const lines = materialise(buf, offset, firstLineNo, this.fileNode)
    this.lineNo += lines.length
    this.readPos += buf.length
    this.builder.closeBefore(this.lineNo)
    this.remember(buf, offset, firstLineNo)
    this.commit(lines.filter((l) => l.offset >= this.stored.offset))
  }

  /** Nothing more is coming for now: close every trace and incident so finished crashes are stored. */
  end(): void {
    this.scanner.end()
    this.builder.end()
    this.commit([])
  }

  /** Copytruncate: what was read stays; the same source starts again at byte 0, numbering on. */
  restartAtZero(): void {
    this.end()
    this.readPos = 0
    this.recent = null
    this.stored = {offset: 0, lineNo: this.lineNo}
    this.startScan()
    this.commit([])
  }

  private startScan(): void {
    let scanner: SourceScanner | null = null
    const onIncident = (incident: Incident) => this.found.push(this.placed(diagnoseIncident(incident, '', {rules: this.options.rules})))
    this.builder = new IncidentBuilder(this.path, onIncident, (lineNo, count) => scanner?.linesAfter(lineNo, count) ?? [])
    scanner = new SourceScanner(this.options.formats, (finding) => this.builder.add(finding))
    scanner.prime({buf: EMPTY, offset: this.readPos}, this.lineNo + 1)
    this.scanner = scanner
  }

  /** A crash takes its node (and a core trace's pid) from the file's name when its lines say none. */
  private placed(report: CrashReport): CrashReport {
    return {...report, node: report.node ?? this.fileNode, pid: report.pid ?? this.core?.pid ?? null}
  }

  /** Keeps the last CONTEXT_BYTES scanned, starting at a line, to prime the scanner with. */
  private remember(buf: Buffer, offset: number, firstLineNo: number): void {
    // A window ending in a flushed partial line must not be joined to what continues that line.
    const joins = this.recent !== null && this.recent.buf.at(-1) === NEWLINE && buf.length < CONTEXT_BYTES
    let window = joins ? Buffer.concat([this.recent!.buf, buf]) : buf
    let first = joins ? this.recent!.firstLineNo : firstLineNo
    const from = window.length - CONTEXT_BYTES
    const cut = from > 0 ? window.indexOf(NEWLINE, from) + 1 : 0
    if (cut > 0) {
      first += countLines(window.subarray(0, cut))
      window = window.subarray(cut)
    }
    this.recent = {buf: window, offset: offset + buf.length - window.length, firstLineNo: first}
  }

  private commit(lines: LogLine[]): void {
    const open = [this.scanner.openSince, this.builder.openSince].filter((o) => o !== null).sort((a, b) => a.offset - b.offset)[0]
    this.stored = {offset: Math.max(this.stored.offset, this.readPos), lineNo: Math.max(this.stored.lineNo, this.lineNo)}
    const checkpoint = {...this.stored, scanOffset: open?.offset ?? this.readPos, scanLineNo: open ? open.lineNo - 1 : this.lineNo}
    const crashes = this.found.splice(0)
    this.options.store.commit(this.row.id, {lines, crashes, checkpoint, fromCore: this.core !== null})
    if (lines.length > 0 || crashes.length > 0) this.options.onBatch?.({path: this.path, lines: lines.length, crashes})
  }
}
