// One replica of a partition: its data in memory, its private write log and its checkpoints on disk.
import {appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync} from 'node:fs'
import path from 'node:path'
import {APP, gpid} from './config.js'

export type PartitionStatus = 'primary' | 'secondary' | 'inactive'

/** A partition's configuration as the meta server hands it out. */
export interface PartitionConfig {
  pidx: number
  ballot: number
  primary: string | null
  secondaries: string[]
}

export interface Mutation {
  decree: number
  hashKey: string
  sortKey: string
  value: string
}

/** Pegasus hashes the hash key to pick a partition (crc64 there, FNV-1a here). */
export function partitionIndex(hashKey: string, partitionCount: number = APP.partitionCount): number {
  let h = 0x811c9dc5
  for (let i = 0; i < hashKey.length; i++) h = Math.imul(h ^ hashKey.charCodeAt(i), 0x01000193)
  return (h >>> 0) % partitionCount
}

const keyOf = (hashKey: string, sortKey: string) => `${hashKey}\u0000${sortKey}`

export class Partition {
  readonly gpid: string
  readonly dir: string
  readonly data = new Map<string, string>()
  ballot = 0
  status: PartitionStatus = 'inactive'
  /** Node ids of the secondaries when this replica is the primary. */
  secondaries: string[] = []
  lastCommitted = 0
  lastDurable = 0
  checkpoints = 0
  private readonly logFile: string

  constructor(readonly pidx: number, dataDir: string) {
    this.gpid = gpid(pidx)
    this.dir = path.join(dataDir, 'reps', `${this.gpid}.${APP.name}`)
    this.logFile = path.join(this.dir, 'plog', 'log.1')
    mkdirSync(path.dirname(this.logFile), {recursive: true})
  }

  /** Loads the newest checkpoint and replays the write log after it; returns the decrees replayed. */
  load(): number {
    const latest = latestCheckpoint(this.dir)
    if (latest) {
      const rows = JSON.parse(readFileSync(path.join(latest.dir, 'data.json'), 'utf8')) as [string, string][]
      for (const [k, v] of rows) this.data.set(k, v)
      this.lastCommitted = this.lastDurable = latest.decree
    }
    if (!existsSync(this.logFile)) return 0
    let replayed = 0
    for (const line of readFileSync(this.logFile, 'utf8').split('\n')) {
      if (!line) continue
      const m = JSON.parse(line) as Mutation
      if (m.decree <= this.lastCommitted) continue
      this.data.set(keyOf(m.hashKey, m.sortKey), m.value)
      this.lastCommitted = m.decree
      replayed++
    }
    return replayed
  }

  /** Appends the mutation to the private log, then applies it (what a commit is). */
  apply(m: Omit<Mutation, 'decree'> & {decree?: number}): Mutation {
    const mutation: Mutation = {...m, decree: m.decree ?? this.lastCommitted + 1}
    appendFileSync(this.logFile, `${JSON.stringify(mutation)}\n`)
    this.data.set(keyOf(m.hashKey, m.sortKey), m.value)
    this.lastCommitted = Math.max(this.lastCommitted, mutation.decree)
    return mutation
  }

  get(hashKey: string, sortKey: string): string | undefined {
    return this.data.get(keyOf(hashKey, sortKey))
  }

  /** Where this replica logs from: `[1.3@127.0.0.1:34801]`. */
  tag(address: string): string {
    return `[${this.gpid}@${address}]`
  }
}

export function latestCheckpoint(dir: string): {dir: string; decree: number} | null {
  if (!existsSync(dir)) return null
  const decrees = readdirSync(dir).map((name) => /^checkpoint\.(\d+)$/.exec(name)?.[1]).filter((d): d is string => d !== undefined).map(Number)
  if (decrees.length === 0) return null
  const decree = Math.max(...decrees)
  return {dir: path.join(dir, `checkpoint.${decree}`), decree}
}
