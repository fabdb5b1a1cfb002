import {createReadStream} from 'node:fs'
import {open, stat} from 'node:fs/promises'
import path from 'node:path'
import {pipeline} from 'node:stream'
import {createGunzip} from 'node:zlib'
import {watch, type FSWatcher} from 'chokidar'
import type {CrashReport} from '../report/types.js'
import {identify, refreshIdentity, resolveSource} from './identity.js'
import {TailSource, type TailSourceOptions} from './tail-source.js'

export interface TailerOptions extends Omit<TailSourceOptions, 'onBatch'> {
  /** The store's file: it and its -wal, -shm and .writer files are never tailed. */
  dbFile: string
  /** Unknown files present at start are read from their end instead of their start. */
  fromEnd?: boolean
  /** Globs a file's name (or, with a slash, its path) must match / must not match. */
  include?: readonly string[]
  exclude?: readonly string[]
  /** Safety net for missed events: every source is read this often. */
  pollMs?: number
  onError?: (error: Error, file: string) => void
}

export interface TailerStats {
  sources: number
  lines: number
  linesPerSecond: number
  crashes: number
  lastCrash: {kind: string; rule: string | null; path: string; at: Date} | null
}

const RATE_WINDOW_MS = 5000

/** `*`, `?` within a name, `**` across directories. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.split(/(\*\*\/?|\*|\?)/).map((part) => {
    if (part === '**/') return '(?:.*/)?'
    if (part === '**') return '.*'
    if (part === '*') return '[^/]*'
    if (part === '?') return '[^/]'
    return part.replace(/[.+^${}()|[\]\\]/g, '\\$&')
  })
  return new RegExp(`(?:^|/)${body.join('')}$`)
}

function matchesAny(file: string, globs: readonly RegExp[]): boolean {
  return globs.some((g) => g.test(file.split(path.sep).join('/')))
}

/** Tails files and directories (recursively) into the store, following appends, truncation, rotation and deletion. */
export class Tailer {
  private readonly live = new Map<string, {source: TailSource; inode: number}>()
  private readonly gzDone = new Set<string>()
  private watcher: FSWatcher | null = null
  private timer: NodeJS.Timeout | null = null
  private queue: Promise<void> = Promise.resolve()
  private ready = false
  private readonly include: RegExp[]
  private readonly exclude: RegExp[]
  private readonly counts = {lines: 0, crashes: 0, lastCrash: null as TailerStats['lastCrash'], rate: [] as {at: number; lines: number}[]}

  constructor(private readonly options: TailerOptions) {
    this.include = (options.include ?? []).map(globToRegExp)
    this.exclude = (options.exclude ?? []).map(globToRegExp)
  }

  /** Resolves once every file present has been read to its end. */
  async start(paths: readonly string[]): Promise<void> {
    const watcher = watch([...paths], {persistent: true, atomic: false, ignored: (file, stats) => this.ignored(file, stats?.isFile() ?? false)})
    this.watcher = watcher
    watcher.on('add', (file) => this.enqueue(file, () => this.added(file)))
    watcher.on('change', (file) => this.enqueue(file, () => this.changed(file)))
    watcher.on('unlink', (file) => this.enqueue(file, () => this.unlinked(file)))
    watcher.on('error', (error) => this.options.onError?.(error as Error, paths.join(' ')))
    await new Promise<void>((resolve) => watcher.once('ready', resolve))
    await this.queue
    this.ready = true
    this.timer = setInterval(() => this.enqueue('', () => this.pollAll()), this.options.pollMs ?? 1000)
  }

  /** Stops watching; every whole line read is committed, open traces resume on the next start. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    await this.watcher?.close()
    await this.queue
    for (const {source} of this.live.values()) await source.close().catch((error: Error) => this.options.onError?.(error, source.path))
    this.live.clear()
  }

  get stats(): TailerStats {
    const since = Date.now() - RATE_WINDOW_MS
    this.counts.rate = this.counts.rate.filter((r) => r.at >= since)
    const recent = this.counts.rate.reduce((n, r) => n + r.lines, 0)
    return {sources: this.live.size, lines: this.counts.lines, linesPerSecond: Math.round(recent / (RATE_WINDOW_MS / 1000)), crashes: this.counts.crashes, lastCrash: this.counts.lastCrash}
  }

  private ignored(file: string, isFile: boolean): boolean {
    const resolved = path.resolve(file)
    if (resolved.startsWith(path.resolve(this.options.dbFile))) return true
    if (matchesAny(resolved, this.exclude)) return true
    return isFile && this.include.length > 0 && !matchesAny(resolved, this.include)
  }

  // One event at a time: a file's add, change and unlink must not interleave.
  private enqueue(file: string, task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') this.options.onError?.(error, file)
    })
  }

  private sourceOptions(): TailSourceOptions {
    return {...this.options, onBatch: (batch) => this.counted(batch)}
  }

  private counted(batch: {path: string; lines: number; crashes: readonly CrashReport[]}): void {
    this.counts.lines += batch.lines
    this.counts.crashes += batch.crashes.length
    this.counts.rate.push({at: Date.now(), lines: batch.lines})
    const last = batch.crashes.at(-1)
    if (last) this.counts.lastCrash = {kind: last.kind, rule: last.diagnosis.rule, path: batch.path, at: new Date()}
  }

  private async added(file: string): Promise<void> {
    if (this.ignored(file, true)) return
    if (file.endsWith('.gz')) return this.readGzip(file)
    if (this.live.has(file)) return this.changed(file)
    const handle = await open(file, 'r')
    const {identity, head} = await identify(handle, file)
    const renamed = [...this.live].find(([, entry]) => entry.inode === identity.inode)
    if (renamed) {
      // Rotation by rename, seen from the new name first: the same source goes on under it.
      await handle.close()
      this.live.delete(renamed[0])
      renamed[1].source.path = file
      refreshIdentity(this.options.db, renamed[1].source.id, identity)
      this.live.set(file, renamed[1])
      return renamed[1].source.poll()
    }
    const row = resolveSource(this.options.db, this.options.store, identity, head)
    if (row.state !== 'active') this.options.store.setState(row.id, 'active')
    if (!this.ready && this.options.fromEnd && row.offset === 0 && row.line_no === 0) await this.skipToEnd(row, handle)
    const source = new TailSource(row, file, handle, this.sourceOptions())
    this.live.set(file, {source, inode: identity.inode ?? -1})
    await source.poll()
  }

  /** --from-end: an unknown file starts after its last complete line. */
  private async skipToEnd(row: {id: number; offset: number; scan_offset: number}, handle: Awaited<ReturnType<typeof open>>): Promise<void> {
    const {size} = await handle.stat()
    const tail = Buffer.alloc(Math.min(size, 64 << 10))
    await handle.read(tail, 0, tail.length, size - tail.length)
    const end = size - tail.length + tail.lastIndexOf(10) + 1
    row.offset = row.scan_offset = end
    this.options.store.commit(row.id, {lines: [], crashes: [], checkpoint: {offset: end, lineNo: 0, scanOffset: end, scanLineNo: 0}})
  }

  private async changed(file: string): Promise<void> {
    const entry = this.live.get(file)
    if (!entry) return file.endsWith('.gz') ? this.readGzip(file) : this.added(file)
    const now = await stat(file)
    if (now.ino === entry.inode) return entry.source.poll()
    // The path is another file now: finish the old one (its handle still reads it), then start the new.
    this.live.delete(file)
    await this.finish(entry.source)
    await this.added(file)
  }

  private async unlinked(file: string): Promise<void> {
    const entry = this.live.get(file)
    if (!entry) return
    // A stale event: the path exists again (recreated); change/add handle it.
    if (await stat(file).then(() => true, () => false)) return this.changed(file)
    this.live.delete(file)
    await this.finish(entry.source)
  }

  private async finish(source: TailSource): Promise<void> {
    const linked = await source.linked()
    await source.finish()
    this.options.store.setState(source.id, linked ? 'rotated' : 'deleted')
  }

  /** A rotated .gz is read once, whole, through gunzip (retried on its next change while still being written). */
  private async readGzip(file: string): Promise<void> {
    if (this.gzDone.has(file)) return
    const handle = await open(file, 'r')
    const {identity, head} = await identify(handle, file).finally(() => handle.close())
    const row = resolveSource(this.options.db, this.options.store, identity, head)
    const source = new TailSource(row, file, null, this.sourceOptions())
    await source.readAll(pipeline(createReadStream(file), createGunzip(), () => undefined))
    this.options.store.setState(row.id, 'done')
    this.gzDone.add(file)
  }

  private async pollAll(): Promise<void> {
    for (const {source} of this.live.values()) await source.poll()
  }
}
