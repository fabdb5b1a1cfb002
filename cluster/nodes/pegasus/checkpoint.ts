// replica::on_checkpoint: a RocksDB-like checkpoint DB whose structures live in tcmalloc memory,
// written to real files, then torn down by destructors that free through the server's operator delete.
import {mkdirSync, readdirSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import type {RdsnLogger} from '../../node/rdsn-log.js'
import {InvalidPointerError, type Tcmalloc} from './allocator.js'
import type {Partition} from './partition.js'

/** Runs a C++ destructor body; an invalid free leaving it records the frame it unwound through. */
function destructor(frame: string, body: () => void): void {
  try {
    body()
  } catch (error) {
    if (error instanceof InvalidPointerError) error.frames.push(frame)
    throw error
  }
}

const COLUMN_FAMILIES = ['default', 'pegasus_meta_cf'] as const

/** A checkpoint DB: RocksDB allocates through `rocksdb`, the server's inlined delete frees through `server`. */
class CheckpointDb {
  private readonly versionSet: number
  private readonly columnFamilySet: number
  private readonly columnFamilies: {name: string; data: number}[] = []

  constructor(private readonly rocksdb: Tcmalloc, private readonly server: Tcmalloc, rows: Buffer) {
    this.versionSet = rocksdb.malloc(512)
    this.columnFamilySet = rocksdb.malloc(256)
    for (const name of COLUMN_FAMILIES) {
      const data = rocksdb.malloc(name === 'default' ? rows.length : 64)
      if (name === 'default') rows.copy(rocksdb.memory(data))
      this.columnFamilies.push({name, data})
    }
  }

  /** The memtable snapshot of the default column family, as it sits in allocator memory. */
  contents(): Buffer {
    const cf = this.columnFamilies[0]
    if (!cf) throw new Error('checkpoint db has no default column family')
    return this.rocksdb.memory(cf.data)
  }

  /** `delete db`: ~DBImpl -> ~VersionSet -> ~ColumnFamilySet -> ~ColumnFamilyData, each freeing its memory. */
  close(): void {
    destructor('rocksdb::DBImpl::~DBImpl()', () => {
      destructor('rocksdb::VersionSet::~VersionSet()', () => {
        destructor('rocksdb::ColumnFamilySet::~ColumnFamilySet()', () => {
          for (const cf of this.columnFamilies) destructor('rocksdb::ColumnFamilyData::~ColumnFamilyData()', () => this.server.free(cf.data))
          this.server.free(this.columnFamilySet)
        })
        this.server.free(this.versionSet)
      })
    })
  }
}

export interface CheckpointOptions {
  partition: Partition
  /** The tcmalloc copy RocksDB resolved through the library search path. */
  rocksdbAllocator: Tcmalloc
  /** The tcmalloc the server binary was linked with (operator new/delete). */
  serverAllocator: Tcmalloc
  log: RdsnLogger
  tag: string
}

const ORIGIN = (line: number) => ({file: 'replica_chkpt.cpp', line, fn: 'on_checkpoint'})

/** Generates checkpoint.<decree> (data + MANIFEST), then closes the checkpoint DB; throws InvalidPointerError on a mismatched free. */
export function generateCheckpoint(options: CheckpointOptions): string {
  const {partition, log, tag} = options
  const decree = partition.lastCommitted
  log.log('I', ORIGIN(136), `${tag} start to generate checkpoint, last_committed_decree = ${decree}, last_durable_decree = ${partition.lastDurable}`)
  const rows = Buffer.from(JSON.stringify([...partition.data.entries()]))
  const db = new CheckpointDb(options.rocksdbAllocator, options.serverAllocator, rows)
  const tmp = path.join(partition.dir, `checkpoint.tmp.${decree}`)
  const final = path.join(partition.dir, `checkpoint.${decree}`)
  rmSync(tmp, {recursive: true, force: true})
  mkdirSync(tmp, {recursive: true})
  writeFileSync(path.join(tmp, 'data.json'), db.contents())
  writeFileSync(path.join(tmp, 'MANIFEST-000001'), `last_durable_decree=${decree}\ncolumn_families=${COLUMN_FAMILIES.join(',')}\nrows=${partition.data.size}\n`)
  rmSync(final, {recursive: true, force: true})
  renameSync(tmp, final)
  log.log('I', ORIGIN(162), `${tag} sync create checkpoint succeed, checkpoint_dir = ${final}, last_durable_decree = ${decree}`)
  log.log('I', ORIGIN(170), `${tag} close checkpoint db ${final}`)
  try {
    db.close()
  } catch (error) {
    if (error instanceof InvalidPointerError) error.frames.push('dsn::replication::replica::on_checkpoint()')
    throw error
  }
  partition.lastDurable = decree
  partition.checkpoints++
  pruneCheckpoints(partition.dir, decree)
  return final
}

/** Keeps the newest two checkpoints, as max_checkpoint_count would. */
function pruneCheckpoints(dir: string, newest: number): void {
  const old = readdirSync(dir).map((n) => /^checkpoint\.(\d+)$/.exec(n)?.[1]).filter((d): d is string => d !== undefined).map(Number).filter((d) => d < newest).sort((a, b) => b - a)
  for (const decree of old.slice(1)) rmSync(path.join(dir, `checkpoint.${decree}`), {recursive: true, force: true})
}
