// The replica server's fault scenarios: each drives the real mechanism, and the crash it meets is
// rendered as the C++ server would print it before dying by the real signal.
import {setTimeout as sleep} from 'node:timers/promises'
import {writeTcmallocInvalidFree, writeTcmallocLargeAlloc} from '../../node/rdsn-log.js'
import type {FaultRequest} from '../../node/runtime.js'
import {nodesWithRole} from '../../spec.js'
import type {InvalidPointerError} from './allocator.js'
import type {ClearedMetadataAccess} from './bulk-load.js'
import {PEGASUS_CONFIG, libraryDirs} from './config.js'
import {ABORT_FRAMES, dieNative} from './crash.js'
import {ARENA_BLOCK_BYTES, growMemtable} from './memtable-growth.js'
import type {Partition} from './partition.js'
import type {ReplicaServer} from './replica.js'

/** Which remediated code paths run (from --fixed, or per injected fault). */
export interface Remediation {
  allocator: boolean
  bulkLoad: boolean
  memory: boolean
}

/** Source locations of the C++ frames the JS paths stand for. */
const LOCATIONS: Record<string, string> = {
  'rocksdb::ColumnFamilyData::~ColumnFamilyData()': 'db/column_family.cc:547',
  'rocksdb::ColumnFamilySet::~ColumnFamilySet()': 'db/column_family.cc:1419',
  'rocksdb::VersionSet::~VersionSet()': 'db/version_set.cc:4087',
  'rocksdb::DBImpl::~DBImpl()': 'db/db_impl/db_impl.cc:682',
  'dsn::replication::replica::on_checkpoint()': 'replica_chkpt.cpp:170',
}

/** The file size apache/incubator-pegasus#2006 read from a freed file entry. */
const FREED_ENTRY_SIZE = 2560917504
/** Where the freed entry's name pointer pointed (unmapped). */
const FREED_NAME_POINTER = 0x20000000

function firstActive(server: ReplicaServer): Partition {
  const p = [...server.partitions.values()].find((q) => q.status !== 'inactive')
  if (!p) throw new Error(`${server.ctx.self.id} hosts no partition yet: wait until the meta server assigned them`)
  return p
}

function tcmallocMismatch(server: ReplicaServer, fixed: boolean): string {
  server.remediated.allocator = fixed
  const p = firstActive(server)
  const {bundled, system} = libraryDirs(server.ctx.paths)
  server.libSearchPath = [system, bundled]
  server.log.log('W', {file: 'replica_stub.cpp', line: 44, fn: 'init'}, `LD_LIBRARY_PATH = ${server.libSearchPath.join(':')}: the package start script puts the system lib dir before the bundled one`)
  setImmediate(() => {
    const written = server.checkpointAll(p)
    if (fixed && written.length > 0) server.ctx.survived('tcmalloc-mismatch', `checkpoint ${written[0]} completed: RocksDB resolved the bundled gperftools ${server.allocators.linked.version}`)
  })
  return `${server.ctx.self.id}: RocksDB resolves libtcmalloc_and_profiler.so.4 through ${server.libSearchPath.join(':')}, then checkpoints ${p.gpid}${fixed ? ' (bundled dir first, verified)' : ''}`
}

async function raceBallotWithDownloads(server: ReplicaServer): Promise<void> {
  const meta = nodesWithRole(server.ctx.spec, 'meta')[0]
  if (!meta) throw new Error('no meta server in the cluster')
  await server.ctx.call(meta, '/meta/bulk-load/start', {nodes: [server.ctx.self.id]}, 5000)
  const deadline = Date.now() + 5000
  while (Date.now() < deadline) {
    const downloading = [...server.bulkLoaders.entries()].find(([, l]) => l.status === 'downloading' && l.runningTasks > 0 && l.downloadedBytes > 0)
    if (downloading) {
      await server.ctx.call(meta, '/meta/partition/bump-ballot', {pidx: downloading[0], reason: 'replica server restarted during bulk load'}, 5000)
      return
    }
    await sleep(5)
  }
  throw new Error('no download_sst_file task was running within 5 s')
}

function bulkloadClearRace(server: ReplicaServer, fixed: boolean): string {
  server.remediated.bulkLoad = fixed
  raceBallotWithDownloads(server).catch((error: unknown) => {
    server.log.log('E', {file: 'replica_bulk_loader.cpp', line: 120, fn: 'on_bulk_load'}, `bulk load race scenario stopped: ${error instanceof Error ? error.message : String(error)}`)
  })
  return `${server.ctx.self.id}: bulk load starts, then the meta server bumps the ballot of a partition while download_sst_file tasks run${fixed ? ' (tasks cancelled and awaited before clearing)' : ''}`
}

function oom(server: ReplicaServer, fixed: boolean): string {
  server.remediated.memory = fixed
  const p = firstActive(server)
  const limit = PEGASUS_CONFIG.memLimitBytes
  growMemtable({allocator: server.allocators.linked, limitBytes: limit, bounded: fixed, log: server.log, tag: p.tag(server.address)}).then((outcome) => {
    if (outcome.refused) return server.ctx.survived('oom', `write buffer manager refused the arena block at ${outcome.usedBytes} bytes over start (limit ${limit}); ${outcome.blocks} blocks released`)
    dieNative(server.ctx, {
      signal: 'SIGABRT',
      glogDump: false,
      runtimeFrames: [
        ...ABORT_FRAMES,
        {function: '__gnu_cxx::__verbose_terminate_handler()', library: '/lib/x86_64-linux-gnu/libstdc++.so.6'},
        {function: 'std::terminate()', library: '/lib/x86_64-linux-gnu/libstdc++.so.6'},
        {function: '__cxa_throw', library: '/lib/x86_64-linux-gnu/libstdc++.so.6'},
        {function: 'operator new(unsigned long)', library: server.allocators.linked.library},
      ],
      serverFrames: [
        {function: 'rocksdb::Arena::AllocateNewBlock()', location: 'memory/arena.cc:226'},
        {function: 'rocksdb::MemTable::Add()', location: 'db/memtable.cc:569'},
        {function: 'pegasus::server::pegasus_write_service::batch_put()', location: 'pegasus_write_service.cpp:236'},
        {function: 'dsn::replication::replica::on_prepare()', location: 'replica_2pc.cpp:391'},
      ],
    })
  }, (error: unknown) => server.log.log('E', {file: 'pegasus_write_service.cpp', line: 240, fn: 'batch_put'}, `memtable growth stopped: ${String(error)}`))
  return `${server.ctx.self.id}: the memtable of ${p.gpid} grows in ${ARENA_BLOCK_BYTES / 1048576} MB arena blocks up to ${Math.round(limit / 1048576)} MB over its start rss${fixed ? ' (bounded by the write buffer manager)' : ''}`
}

const SCENARIOS: Record<string, (server: ReplicaServer, fixed: boolean) => string> = {
  'tcmalloc-mismatch': tcmallocMismatch,
  'bulkload-clear-race': bulkloadClearRace,
  oom,
}

export const REPLICA_FAULTS = {
  ids: Object.keys(SCENARIOS),

  async inject(server: ReplicaServer, request: FaultRequest): Promise<string> {
    const run = SCENARIOS[request.scenario]
    if (!run) throw new Error(`unknown scenario ${request.scenario}`)
    return run(server, request.fixed)
  },

  /** tcmalloc found the free of a pointer it never handed out: it logs and aborts. */
  onInvalidFree(server: ReplicaServer, error: InvalidPointerError): never {
    writeTcmallocInvalidFree(error.pointer)
    return dieNative(server.ctx, {
      signal: 'SIGABRT',
      runtimeFrames: [...ABORT_FRAMES, {function: '??', library: error.allocator.library}, {function: '??', library: error.allocator.library}],
      serverFrames: error.frames.map((f) => ({function: f, location: LOCATIONS[f]})),
    })
  },

  /** A download task failed; reading cleared metadata is what the C++ task does through freed memory. */
  onDownloadFault(server: ReplicaServer, p: Partition, fault: ClearedMetadataAccess): void {
    const tag = p.tag(server.address)
    if (!(fault.cause instanceof TypeError)) {
      server.log.log('E', {file: 'replica_bulk_loader.cpp', line: 145, fn: 'download_sst_file'}, `${tag} download sst file failed: ${fault.message}`)
      return
    }
    writeTcmallocLargeAlloc(FREED_ENTRY_SIZE, 0x563117146000)
    // An E line, not F: an F line (dsn_coredump) plus the SIGSEGV dump would read as two deaths.
    server.log.on('replica.default2.0000').log('E', {file: 'filesystem.cpp', line: 107, fn: 'get_normalized_path'}, `check failed: [len <= 4086] the length of path is too long: ${FREED_ENTRY_SIZE} (file entry ${fault.task} of ${fault.clearedFiles} cleared)`)
    dieNative(server.ctx, {
      signal: 'SIGSEGV',
      address: FREED_NAME_POINTER,
      runtimeFrames: [
        {function: 'std::__cxx11::basic_string<>::_M_mutate()', library: '/lib/x86_64-linux-gnu/libstdc++.so.6'},
        {function: 'std::__cxx11::basic_string<>::_M_append()', library: '/lib/x86_64-linux-gnu/libstdc++.so.6'},
      ],
      serverFrames: [
        {function: 'dsn::utils::filesystem::path_combine()', location: 'filesystem.cpp:218'},
        {function: 'dsn::replication::replica_bulk_loader::download_sst_file()', location: 'replica_bulk_loader.cpp:467'},
        {function: 'dsn::replication::replica_bulk_loader::download_files()', location: 'replica_bulk_loader.cpp:431'},
      ],
    })
  },
}
