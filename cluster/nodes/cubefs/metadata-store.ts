// The master's "RocksDB": an append-only file of write batches, opened by fd, one JSON line each.
import {closeSync, fdatasyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync} from 'node:fs'
import path from 'node:path'

export interface WriteBatch {
  /** The raft entry the batch applies (the store keeps the applied index, as CubeFS's `#applied` key). */
  index: number
  term: number
  puts: readonly (readonly [string, string])[]
  deletes: readonly string[]
}

export interface StoredState {
  kv: Map<string, string>
  appliedIndex: number
  appliedTerm: number
}

export class MetadataStore {
  readonly file: string
  private fd: number
  private closed = false
  /** Writes after close fail with an error (the lifecycle guard of the fix) instead of using a stale fd. */
  guarded = false

  constructor(readonly dir: string) {
    mkdirSync(dir, {recursive: true})
    this.file = path.join(dir, 'metadata.db')
    this.fd = openSync(this.file, 'a+')
  }

  get isClosed(): boolean {
    return this.closed
  }

  /** Replays every batch in the file (a torn last line from a crash is dropped). */
  load(): StoredState {
    const state: StoredState = {kv: new Map(), appliedIndex: 0, appliedTerm: 0}
    for (const line of readFileSync(this.file, 'utf8').split('\n')) {
      if (!line) continue
      let batch: WriteBatch
      try {
        batch = JSON.parse(line) as WriteBatch
      } catch {
        break
      }
      for (const [k, v] of batch.puts) state.kv.set(k, v)
      for (const k of batch.deletes) state.kv.delete(k)
      state.appliedIndex = batch.index
      state.appliedTerm = batch.term
    }
    return state
  }

  /** Appends one batch and syncs it: the write that RocksDB's WriteBatch + WAL sync does. */
  batchPut(batch: WriteBatch): void {
    if (this.guarded && this.closed) throw new Error(`rocksdb store ${this.dir} is closed`)
    writeSync(this.fd, `${JSON.stringify(batch)}\n`)
    fdatasyncSync(this.fd)
  }

  /** Empties the store before a snapshot is written into it. */
  clear(): void {
    ftruncateSync(this.fd, 0)
  }

  /** Releases the file descriptor (the fd number may be handed out again by the kernel). */
  close(): void {
    if (this.closed) return
    closeSync(this.fd)
    this.closed = true
  }

  reopen(): void {
    if (!this.closed) return
    this.fd = openSync(this.file, 'a+')
    this.closed = false
  }
}
