// The master's metadata state machine: volumes and their data partitions in memory, every
// applied raft entry written to the metadata store first (as CubeFS's MetadataFsm.Apply).
import {setTimeout as sleep} from 'node:timers/promises'
import type {GoLogger} from '../../node/go-log.js'
import type {MetadataStore} from './metadata-store.js'

/** A replicated metadata command: a put (`value` set) or a delete (`value` null) of one key. */
export interface MetaCommand {
  key: string
  value: string | null
}

export interface AppliedEntry {
  index: number
  term: number
  command: MetaCommand
}

export interface DataPartitionView {
  id: number
  hosts: string[]
}

const VOL_PREFIX = '#vol#'
const DP_PREFIX = '#dp#'

export class DataPartitionMap {
  readonly partitions = new Map<number, DataPartitionView>()
  getDataPartitionsView(): DataPartitionView[] {
    return [...this.partitions.values()]
  }
}

export class Vol {
  /** Undefined while a snapshot restore has loaded the volume but not yet its partitions. */
  dataPartitions: DataPartitionMap | undefined = new DataPartitionMap()
  constructor(readonly name: string, readonly id: number) {}

  /** The unremediated read trusts the partition map is loaded (cubefs#3152). */
  checkDataPartitions(): number {
    return (this.dataPartitions as DataPartitionMap).getDataPartitionsView().length
  }
}

function parseDpKey(key: string): {vol: string; id: number} | null {
  const [vol, id] = key.slice(DP_PREFIX.length).split('#')
  return vol && id ? {vol, id: Number(id)} : null
}

export class MetadataFsm {
  readonly vols = new Map<string, Vol>()
  readonly kv = new Map<string, string>()
  appliedIndex = 0
  appliedTerm = 0
  /** Set while ApplySnapshot rebuilds the maps in place. */
  restoring: Promise<void> | null = null

  constructor(readonly store: MetadataStore, private readonly log: GoLogger, readonly snapshotStepMs = 40) {}

  /** Rebuilds memory from the store file (master start). */
  load(): void {
    const state = this.store.load()
    this.clearMetadata()
    for (const [k, v] of state.kv) this.setKey(k, v)
    this.appliedIndex = state.appliedIndex
    this.appliedTerm = state.appliedTerm
  }

  /** Writes the entry's batch to the store, then applies it to memory. */
  apply(entry: AppliedEntry): void {
    const {key, value} = entry.command
    this.store.batchPut({index: entry.index, term: entry.term, puts: value === null ? [] : [[key, value]], deletes: value === null ? [key] : []})
    if (value === null) this.deleteKey(key)
    else this.setKey(key, value)
    this.appliedIndex = entry.index
    this.appliedTerm = entry.term
    if (entry.index % 50 === 0) this.log.debug('metadata_fsm.go:42', `action[fsmApply] op(${value === null ? 5 : 4}) key(${key}) applied(${entry.index})`)
  }

  /** Every key, for a raft snapshot at appliedIndex. */
  snapshot(): [string, string][] {
    return [...this.kv]
  }

  /** Restores a snapshot in steps across ticks: clear, volumes, then each volume's partitions. */
  applySnapshot(data: readonly (readonly [string, string])[], index: number, term: number): Promise<void> {
    const run = async () => {
      this.log.info('metadata_fsm.go:236', `action[ApplySnapshot] begin, applied[${this.appliedIndex}] snapshot index[${index}]`)
      this.log.info('metadata_fsm.go:251', `action[ApplySnapshot] clear local store ${this.store.dir} before writing snapshot data`)
      this.store.clear()
      this.store.batchPut({index, term, puts: data, deletes: []})
      this.log.info('master_manager.go:141', `action[clearMetadata] reset vols(${this.vols.size}) keys(${this.kv.size})`)
      this.clearMetadata()
      this.log.info('master_manager.go:118', 'action[loadMetadata] begin rebuilding cluster metadata from store')
      for (const [k, v] of data) if (!k.startsWith(DP_PREFIX)) this.setKey(k, v, {partitionsPending: true})
      for (const vol of this.vols.values()) this.log.info('cluster_load.go:203', `action[loadVols] vol[${vol.name}] id[${vol.id}] loaded, dataPartitions pending`)
      for (const vol of this.vols.values()) {
        await sleep(this.snapshotStepMs)
        this.loadDataPartitions(vol, data)
      }
      this.appliedIndex = index
      this.appliedTerm = term
      this.log.info('metadata_fsm.go:290', `action[ApplySnapshot] success, applied[${index}] vols(${this.vols.size}) keys(${this.kv.size})`)
    }
    this.restoring = run().finally(() => {
      this.restoring = null
    })
    return this.restoring
  }

  /** Resolves once no snapshot is being applied (the fix: reads wait, with a timeout). */
  async whenReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (this.restoring) {
      if (Date.now() > deadline) throw new Error(`metadata is being restored from a snapshot (waited ${timeoutMs} ms)`)
      await Promise.race([this.restoring.catch(() => undefined), sleep(20)])
    }
  }

  /** The data-partition checker's pass over every volume. */
  checkDataPartitions(): number {
    let partitions = 0
    for (const vol of this.vols.values()) partitions += vol.checkDataPartitions()
    return partitions
  }

  getVolView(name: string): {name: string; id: number; dataPartitions: DataPartitionView[]} | null {
    const vol = this.vols.get(name)
    if (!vol) return null
    return {name, id: vol.id, dataPartitions: (vol.dataPartitions as DataPartitionMap).getDataPartitionsView()}
  }

  private loadDataPartitions(vol: Vol, data: readonly (readonly [string, string])[]): void {
    const map = new DataPartitionMap()
    for (const [k, v] of data) {
      const dp = k.startsWith(DP_PREFIX) ? parseDpKey(k) : null
      if (dp && dp.vol === vol.name) map.partitions.set(dp.id, {id: dp.id, hosts: JSON.parse(v) as string[]})
    }
    vol.dataPartitions = map
    for (const [k, v] of data) if (k.startsWith(`${DP_PREFIX}${vol.name}#`)) this.kv.set(k, v)
  }

  private clearMetadata(): void {
    this.vols.clear()
    this.kv.clear()
  }

  private setKey(key: string, value: string, options: {partitionsPending?: boolean} = {}): void {
    this.kv.set(key, value)
    if (key.startsWith(VOL_PREFIX)) {
      const name = key.slice(VOL_PREFIX.length)
      const existing = this.vols.get(name)
      const vol = new Vol(name, Number((JSON.parse(value) as {id?: number}).id ?? 0))
      vol.dataPartitions = options.partitionsPending ? undefined : existing?.dataPartitions ?? new DataPartitionMap()
      this.vols.set(name, vol)
    } else if (key.startsWith(DP_PREFIX)) {
      const dp = parseDpKey(key)
      const vol = dp ? this.vols.get(dp.vol) : undefined
      if (dp && vol?.dataPartitions) vol.dataPartitions.partitions.set(dp.id, {id: dp.id, hosts: JSON.parse(value) as string[]})
    }
  }

  private deleteKey(key: string): void {
    this.kv.delete(key)
    if (key.startsWith(VOL_PREFIX)) this.vols.delete(key.slice(VOL_PREFIX.length))
    const dp = key.startsWith(DP_PREFIX) ? parseDpKey(key) : null
    if (dp) this.vols.get(dp.vol)?.dataPartitions?.partitions.delete(dp.id)
  }
}
