// A data partition's write-ahead log: one file, records appended and fsynced before a write is acknowledged.
import {closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync} from 'node:fs'
import path from 'node:path'

export interface WalRecord {
  index: number
  key: string
  value: string
}

export class WalFile {
  /** Where the fd points: the log file, or a device it was moved onto. */
  target: string
  private fd: number

  constructor(readonly dir: string) {
    mkdirSync(dir, {recursive: true})
    this.target = path.join(dir, '0000000000000001-0000000000000000.log')
    this.fd = openSync(this.target, 'a')
  }

  /** The records in the log file (a torn last record is dropped). */
  replay(): WalRecord[] {
    const records: WalRecord[] = []
    for (const line of readFileSync(path.join(this.dir, '0000000000000001-0000000000000000.log'), 'utf8').split('\n')) {
      if (!line) continue
      try {
        records.push(JSON.parse(line) as WalRecord)
      } catch {
        break
      }
    }
    return records
  }

  /** Appends records and fsyncs them: the write that must reach the disk before an ack. */
  append(records: readonly WalRecord[]): number {
    const text = records.map((r) => `${JSON.stringify(r)}\n`).join('')
    writeSync(this.fd, text)
    fsyncSync(this.fd)
    return Buffer.byteLength(text)
  }

  /** Reopens the log's fd on another file or device (the disk under the WAL changed). */
  moveTo(target: string): void {
    const fd = openSync(target, 'a')
    closeSync(this.fd)
    this.fd = fd
    this.target = target
  }

  close(): void {
    closeSync(this.fd)
  }
}
