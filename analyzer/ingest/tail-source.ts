import type {FileHandle} from 'node:fs/promises'
import {MAX_PHYSICAL_LINE_BYTES} from '../input/chunks.js'
import type {SourceRow} from '../store/ingest-store.js'
import {identify, isShortHash, refreshIdentity} from './identity.js'
import {CONTEXT_BYTES, SourceIngest, type IngestOptions} from './source-ingest.js'

const READ_BYTES = 1 << 20
/** One transaction covers at most this much, so a commit stays short while a backlog streams in. */
export const MAX_BATCH_LINES = 5000
const MAX_BATCH_BYTES = 4 << 20
export const DEFAULT_IDLE_MS = 200
/** A half-written line waits longer than a trace: a writer may pause mid-line, a dying process does not. */
export const PARTIAL_LINE_IDLE_MS = 1000
const NEWLINE = 10
const EMPTY = Buffer.alloc(0)

export interface TailSourceOptions extends IngestOptions {
  /** Without new bytes for this long, open traces are closed and a partial last line becomes a line. */
  idleMs?: number
}

/** Where the next batch of whole lines (buf ends with a newline) ends. */
function batchEnd(buf: Buffer, from: number): number {
  let pos = from
  for (let n = 0; n < MAX_BATCH_LINES && pos < buf.length && pos - from < MAX_BATCH_BYTES; n++) pos = buf.indexOf(NEWLINE, pos) + 1 || buf.length
  return pos
}

/**
 * One tailed file: reads what was appended from its checkpoint with a FileHandle, holds a partial
 * last line until its newline (or the idle timeout), and hands whole lines to its SourceIngest.
 */
export class TailSource {
  private readonly ingest: SourceIngest
  private partial = EMPTY
  private queue: Promise<unknown> = Promise.resolve()
  private timer: NodeJS.Timeout | null = null
  private lastRead = 0
  private headHash: string | null
  /** Restarted inside the file: the lines before scan_offset are read back as context. */
  private resumed: boolean

  constructor(row: SourceRow, path: string, private handle: FileHandle | null, private readonly options: TailSourceOptions) {
    this.ingest = new SourceIngest(row, path, options)
    this.headHash = row.head_hash
    this.resumed = row.scan_offset > 0
  }

  get id(): number {
    return this.ingest.row.id
  }

  get path(): string {
    return this.ingest.path
  }

  set path(path: string) {
    this.ingest.path = path
  }

  /** False once the file was deleted (its handle still reads it); true while some name links it. */
  async linked(): Promise<boolean> {
    return this.handle ? (await this.handle.stat()).nlink > 0 : false
  }

  /** Reads what was appended since the last read (queued: reads of one file never overlap). */
  poll(): Promise<void> {
    return this.enqueue(async () => {
      if (!this.handle) return
      if (this.resumed) await this.loadContext(this.handle)
      if ((await this.readToEof(this.handle)) > 0) this.armIdle()
      await this.refreshHead(this.handle)
    })
  }

  /** A whole stream read once (a decompressed .gz): from the checkpoint to its end, then finished. */
  readAll(data: AsyncIterable<Buffer>): Promise<void> {
    return this.enqueue(async () => {
      // A retry after a failed read starts again at the checkpoint.
      this.partial = EMPTY
      let skip = this.ingest.readPos
      for await (const buf of data) {
        if (skip < buf.length) this.consume(buf.subarray(skip))
        skip = Math.max(0, skip - buf.length)
      }
      this.endAll()
    })
  }

  /** The file is complete (rotated away, deleted): read its rest, close every trace, commit. */
  finish(): Promise<void> {
    return this.enqueue(async () => {
      if (this.handle) await this.readToEof(this.handle)
      this.endAll()
      await this.closeHandle()
    })
  }

  /** Stops with every whole line read committed; open traces resume from scan_offset on restart. */
  close(): Promise<void> {
    return this.enqueue(async () => {
      if (this.handle) await this.readToEof(this.handle)
      await this.closeHandle()
    })
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task)
    this.queue = run.catch(() => undefined)
    return run
  }

  private async loadContext(handle: FileHandle): Promise<void> {
    this.resumed = false
    const end = this.ingest.readPos
    const start = Math.max(0, end - CONTEXT_BYTES)
    const raw = Buffer.alloc(end - start)
    const {bytesRead} = await handle.read(raw, 0, raw.length, start)
    if (bytesRead < raw.length) return
    this.ingest.setContext(start === 0 ? raw : raw.subarray(raw.indexOf(NEWLINE) + 1))
  }

  private async readToEof(handle: FileHandle): Promise<number> {
    const {size} = await handle.stat()
    if (size < this.ingest.readPos + this.partial.length) this.restartTruncated()
    let total = 0
    for (;;) {
      const at = this.ingest.readPos + this.partial.length
      const buf = Buffer.allocUnsafe(Math.min(READ_BYTES, Math.max(4096, size - at)))
      const {bytesRead} = await handle.read(buf, 0, buf.length, at)
      if (bytesRead === 0) return total
      total += bytesRead
      this.consume(buf.subarray(0, bytesRead))
    }
  }

  /** Complete lines go in bounded batches; the bytes after the last newline wait for theirs. */
  private consume(data: Buffer): void {
    const joined = this.partial.length > 0 ? Buffer.concat([this.partial, data]) : data
    const complete = joined.lastIndexOf(NEWLINE) + 1
    this.partial = Buffer.from(joined.subarray(complete))
    const buf = joined.subarray(0, complete)
    for (let from = 0; from < buf.length; ) {
      const to = batchEnd(buf, from)
      this.ingest.ingest(buf.subarray(from, to))
      from = to
    }
    if (this.partial.length > MAX_PHYSICAL_LINE_BYTES) this.flushPartial()
  }

  /** A partial last line that waited long enough (or grew too long) is a line of its own. */
  private flushPartial(): void {
    if (this.partial.length === 0) return
    const buf = this.partial
    this.partial = EMPTY
    this.ingest.ingest(buf)
  }

  private endAll(): void {
    this.flushPartial()
    this.ingest.end()
  }

  private restartTruncated(): void {
    this.partial = EMPTY
    this.ingest.restartAtZero()
    // The head changed with the content: fingerprint it again.
    this.headHash = null
  }

  private armIdle(): void {
    this.lastRead = Date.now()
    this.schedule(this.options.idleMs ?? DEFAULT_IDLE_MS)
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.enqueue(async () => this.onIdle()).catch(() => undefined), ms)
    this.timer.unref()
  }

  /** Quiet for idleMs: finished traces are diagnosed now; a pending half line waits for PARTIAL_LINE_IDLE_MS. */
  private onIdle(): void {
    const lineWait = Math.max(PARTIAL_LINE_IDLE_MS, this.options.idleMs ?? DEFAULT_IDLE_MS)
    const waited = Date.now() - this.lastRead
    if (this.partial.length > 0 && waited < lineWait) return this.schedule(lineWait - waited)
    this.endAll()
  }

  /** A file shorter than the fingerprint gets its full fingerprint once it grows past it. */
  private async refreshHead(handle: FileHandle): Promise<void> {
    if (!isShortHash(this.headHash)) return
    const {identity} = await identify(handle, this.path)
    if (identity.headHash === this.headHash) return
    refreshIdentity(this.options.db, this.id, identity)
    this.headHash = identity.headHash
  }

  private async closeHandle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.handle?.close()
    this.handle = null
  }
}
