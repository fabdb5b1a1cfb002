// A datanode's data partition: writes are queued, persisted to the partition's WAL in batches
// (append + fsync) by its store loop, then applied to memory and acknowledged.
import type {GoLogger} from '../../node/go-log.js'
import type {WalFile, WalRecord} from './wal.js'

export type PartitionStatus = 'ReadWrite' | 'Unavailable'

export interface PartitionHooks {
  log: GoLogger
  /** A WAL append failed: the unremediated node panics, the fixed one takes the partition offline. */
  onWalError(partition: DataPartition, error: unknown, batch: readonly WalRecord[]): void
}

interface PendingWrite {
  record: WalRecord
  resolve(index: number): void
  reject(error: Error): void
}

export class DataPartition {
  status: PartitionStatus = 'ReadWrite'
  offline: {reason: string; at: string} | null = null
  readonly data = new Map<string, string>()
  appliedIndex = 0
  walBytes = 0
  private queue: PendingWrite[] = []
  private scheduled = false

  constructor(readonly id: number, readonly wal: WalFile, private readonly hooks: PartitionHooks) {}

  /** Replays the WAL into memory (datanode start). */
  load(): number {
    const records = this.wal.replay()
    for (const r of records) this.data.set(r.key, r.value)
    this.appliedIndex = records.at(-1)?.index ?? 0
    return records.length
  }

  put(key: string, value: string): Promise<number> {
    if (this.status !== 'ReadWrite') return Promise.reject(new Error(`partition(${this.id}) is ${this.status}: ${this.offline?.reason ?? ''}`))
    return new Promise((resolve, reject) => {
      this.queue.push({record: {index: this.appliedIndex + this.queue.length + 1, key, value}, resolve, reject})
      if (!this.scheduled) {
        this.scheduled = true
        setImmediate(() => this.raftStoreLoop())
      }
    })
  }

  get(key: string): string | undefined {
    return this.data.get(key)
  }

  takeOffline(reason: string): void {
    this.status = 'Unavailable'
    this.offline = {reason, at: new Date().toISOString()}
    for (const w of this.queue.splice(0)) w.reject(new Error(`partition(${this.id}) is Unavailable: ${reason}`))
  }

  private raftStoreLoop(): void {
    this.scheduled = false
    const batch = this.queue.splice(0)
    if (batch.length === 0) return
    if (!this.persistRaftLog(batch.map((w) => w.record))) {
      for (const w of batch) w.reject(new Error(`partition(${this.id}) WAL write failed: ${this.offline?.reason ?? 'unavailable'}`))
      return
    }
    for (const w of batch) {
      this.data.set(w.record.key, w.record.value)
      this.appliedIndex = w.record.index
      w.resolve(w.record.index)
    }
    if (this.appliedIndex % 200 < batch.length) this.hooks.log.info('raft_log.go:28', `action[raftStore] partition(${this.id}) persisted index(${this.appliedIndex}) walBytes(${this.walBytes})`)
  }

  private persistRaftLog(records: readonly WalRecord[]): boolean {
    try {
      this.walBytes += this.wal.append(records)
      return true
    } catch (error) {
      this.hooks.onWalError(this, error, records)
      return false
    }
  }
}
