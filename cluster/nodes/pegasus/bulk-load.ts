// replica_bulk_loader: parse the remote bulk_load_metadata, run download_sst_file tasks concurrently,
// and clear_bulk_load_states when the ballot changes.
import {createHash, randomBytes} from 'node:crypto'
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {open} from 'node:fs/promises'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import type {RdsnLogger} from '../../node/rdsn-log.js'
import {APP} from './config.js'

export interface FileMeta {
  name: string
  size: number
  md5: string
}

export interface BulkLoadMetadata {
  files: FileMeta[]
  file_total_size: number
}

/** Writes the remote side of a bulk load: per partition, sst files and their bulk_load_metadata. */
export function createRemoteBulkLoad(remote: string, options: {partitions: number; files: number; fileBytes: number}): string {
  const root = path.join(remote, APP.name)
  for (let pidx = 0; pidx < options.partitions; pidx++) {
    const dir = path.join(root, String(pidx))
    mkdirSync(dir, {recursive: true})
    const files: FileMeta[] = []
    for (let i = 0; i < options.files; i++) {
      const bytes = randomBytes(options.fileBytes)
      const name = `${i + 1}-${String(pidx).padStart(4, '0')}-${bytes.subarray(0, 2).toString('hex')}.sst`
      writeFileSync(path.join(dir, name), bytes)
      files.push({name, size: bytes.length, md5: createHash('md5').update(bytes).digest('hex')})
    }
    const metadata: BulkLoadMetadata = {files, file_total_size: files.reduce((n, f) => n + f.size, 0)}
    writeFileSync(path.join(dir, 'bulk_load_metadata.tmp'), JSON.stringify(metadata))
    renameSync(path.join(dir, 'bulk_load_metadata.tmp'), path.join(dir, 'bulk_load_metadata'))
  }
  return root
}

export type BulkLoadStatus = 'downloading' | 'downloaded' | 'failed' | 'cleared'

/** A download task read a file entry that clear_bulk_load_states had already removed. */
export class ClearedMetadataAccess extends Error {
  constructor(readonly task: number, override readonly cause: unknown, readonly clearedFiles: number) {
    super(`download_sst_file task ${task}: ${cause instanceof Error ? cause.message : String(cause)}`)
  }
}

export interface BulkLoaderOptions {
  tag: string
  sourceDir: string
  localDir: string
  chunkBytes: number
  chunkPauseMs: number
  log: RdsnLogger
  /** A task failed; the replica decides what that means (the C++ process dies on freed memory). */
  onTaskFault(fault: ClearedMetadataAccess): void
}

const at = (line: number, fn: string) => ({file: 'replica_bulk_loader.cpp', line, fn})

export class ReplicaBulkLoader {
  status: BulkLoadStatus = 'downloading'
  downloadedBytes = 0
  downloadedFiles = 0
  private readonly metadata: BulkLoadMetadata
  private readonly tasks = new Map<number, Promise<void>>()
  private cancelled = false
  private clearedFiles = 0

  constructor(private readonly o: BulkLoaderOptions) {
    this.metadata = JSON.parse(readFileSync(path.join(o.sourceDir, 'bulk_load_metadata'), 'utf8')) as BulkLoadMetadata
    o.log.log('I', at(60, 'parse_bulk_load_metadata'), `${o.tag} parse bulk load metadata succeed, files count = ${this.metadata.files.length}, total size = ${this.metadata.file_total_size}`)
    mkdirSync(o.localDir, {recursive: true})
  }

  get runningTasks(): number {
    return this.tasks.size
  }

  /** Starts one download_sst_file task per file; they run concurrently with everything else. */
  start(): void {
    this.metadata.files.forEach((_, index) => {
      const task = this.downloadSstFile(index)
        .catch((error: unknown) => {
          if (this.cancelled) return
          this.status = 'failed'
          this.o.onTaskFault(new ClearedMetadataAccess(index, error, this.clearedFiles))
        })
        .finally(() => {
          this.tasks.delete(index)
          if (this.tasks.size === 0 && this.status === 'downloading' && !this.cancelled) {
            this.status = 'downloaded'
            this.o.log.log('I', at(210, 'download_sst_files'), `${this.o.tag} download all files succeed, files count = ${this.downloadedFiles}, total size = ${this.downloadedBytes}`)
          }
        })
      this.tasks.set(index, task)
    })
  }

  /** Copies one file in throttled chunks; like the C++ task it reads its entry of _metadata.files on every step. */
  private async downloadSstFile(index: number): Promise<void> {
    const first = this.metadata.files[index] as FileMeta
    this.o.log.on('replica.default1.0000').log('I', at(67, 'download_sst_file'), `${this.o.tag} start to download sst file ${first.name} from ${this.o.sourceDir}, size = ${first.size}`)
    const source = await open(path.join(this.o.sourceDir, first.name), 'r')
    const target = await open(path.join(this.o.localDir, first.name), 'w')
    const md5 = createHash('md5')
    try {
      let offset = 0
      for (;;) {
        if (this.cancelled) return
        const file = this.metadata.files[index] as FileMeta
        const length = Math.min(this.o.chunkBytes, file.size - offset)
        if (length <= 0) break
        const chunk = Buffer.alloc(length)
        const {bytesRead} = await source.read(chunk, 0, length, offset)
        await target.write(chunk, 0, bytesRead, offset)
        md5.update(chunk.subarray(0, bytesRead))
        offset += bytesRead
        this.downloadedBytes += bytesRead
        await sleep(this.o.chunkPauseMs)
      }
      const file = this.metadata.files[index] as FileMeta
      if (md5.digest('hex') !== file.md5) throw new Error(`ERR_CORRUPTION: md5 of ${file.name} differs from the metadata`)
      this.downloadedFiles++
    } finally {
      await Promise.all([source.close(), target.close()])
    }
  }

  /** The bug: clears _metadata.files while download tasks still read it. */
  clearBulkLoadStates(from: number, to: number): void {
    this.o.log.log('I', at(77, 'clear_bulk_load_states'), `${this.o.tag} clear_bulk_load_states, ballot changed from ${from} to ${to}, download tasks still running = ${this.tasks.size}`)
    this.clearedFiles = this.metadata.files.length
    this.metadata.files.length = 0
    this.metadata.file_total_size = 0
    this.status = 'cleared'
  }

  /** The fix (apache/incubator-pegasus#2077): cancel and await every download task, then clear. */
  async cancelAndClearBulkLoadStates(from: number, to: number): Promise<number> {
    const running = this.tasks.size
    this.cancelled = true
    this.o.log.log('I', at(77, 'clear_bulk_load_states'), `${this.o.tag} ballot changed from ${from} to ${to}: cancel ${running} download tasks and wait for them before clearing bulk load states`)
    await Promise.all([...this.tasks.values()])
    this.metadata.files.length = 0
    this.metadata.file_total_size = 0
    this.status = 'cleared'
    this.o.log.log('I', at(95, 'clear_bulk_load_states'), `${this.o.tag} clear_bulk_load_states succeed, download tasks cancelled = ${running}, running = ${this.tasks.size}`)
    return running
  }
}
