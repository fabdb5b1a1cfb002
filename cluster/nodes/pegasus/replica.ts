// The Pegasus-like replica server: registers and heartbeats with the meta server, hosts its
// partitions (data, write log, periodic checkpoints), serves put/get and runs bulk loads.
import {existsSync, readdirSync} from 'node:fs'
import path from 'node:path'
import {RdsnLogger} from '../../node/rdsn-log.js'
import type {FaultRequest, NodeContext, NodeProgram} from '../../node/runtime.js'
import type {RouteHandler} from '../../node/rpc.js'
import {nodesWithRole, type NodeSpec} from '../../spec.js'
import {AllocatorRuntime, InvalidPointerError, installLibrary, resolveLibrary, type Tcmalloc} from './allocator.js'
import {ReplicaBulkLoader} from './bulk-load.js'
import {generateCheckpoint} from './checkpoint.js'
import {APP, LINKED_GPERFTOOLS, PEGASUS_CONFIG, SYSTEM_GPERFTOOLS, libraryDirs} from './config.js'
import {Partition, type PartitionConfig} from './partition.js'
import {REPLICA_FAULTS, type Remediation} from './replica-faults.js'
import {ReplicaKv} from './replica-kv.js'

const at = (file: string, line: number, fn: string) => ({file, line, fn})
const STUB = (line: number, fn: string) => at('replica_stub.cpp', line, fn)

export class ReplicaServer implements NodeProgram {
  ctx!: NodeContext
  readonly log = new RdsnLogger('replica.default0.0000')
  readonly partitions = new Map<number, Partition>()
  readonly bulkLoaders = new Map<number, ReplicaBulkLoader>()
  allocators!: AllocatorRuntime
  /** The LD_LIBRARY_PATH-like search order RocksDB's allocator hooks resolve through. */
  libSearchPath: string[] = []
  remediated!: Remediation
  private kv!: ReplicaKv
  private registered = false
  private timers: NodeJS.Timeout[] = []
  private checkpointing = false

  get address(): string {
    return `127.0.0.1:${this.ctx.self.port}`
  }

  async start(ctx: NodeContext): Promise<void> {
    this.ctx = ctx
    this.remediated = {allocator: ctx.fixed, bulkLoad: ctx.fixed, memory: ctx.fixed}
    this.kv = new ReplicaKv(this)
    this.log.log('I', STUB(22, 'banner'), `process(replica) start: pegasus_server config.ini -app_list replica, pid = ${process.pid}, version = Pegasus Server 2.5.0 (storctl) Release, address = ${this.address}`)
    const libs = libraryDirs(ctx.paths)
    installLibrary(libs.bundled, LINKED_GPERFTOOLS)
    installLibrary(libs.system, SYSTEM_GPERFTOOLS)
    this.allocators = new AllocatorRuntime(resolveLibrary([libs.bundled]))
    this.libSearchPath = process.env.STORCTL_PEGASUS_LD_LIBRARY_PATH?.split(':').filter(Boolean) ?? [libs.bundled, libs.system]
    this.log.log('I', STUB(25, 'banner'), `gperftools: linked tcmalloc ${this.allocators.linked.version} (${this.allocators.linked.library}), LD_LIBRARY_PATH = ${this.libSearchPath.join(':')}`)
    if (this.remediated.allocator) this.rocksdbAllocator()
    this.loadReplicas()
    this.timers.push(setInterval(() => void this.heartbeat(), PEGASUS_CONFIG.heartbeatMs))
    this.timers.push(setInterval(() => this.checkpointAll(), PEGASUS_CONFIG.checkpointMs))
    void this.heartbeat()
  }

  private loadReplicas(): void {
    const reps = path.join(this.ctx.dataDir, 'reps')
    if (!existsSync(reps)) return
    for (const name of readdirSync(reps)) {
      const pidx = Number(/^\d+\.(\d+)\./.exec(name)?.[1] ?? NaN)
      if (!Number.isInteger(pidx) || pidx >= APP.partitionCount) continue
      const p = new Partition(pidx, this.ctx.dataDir)
      const replayed = p.load()
      this.partitions.set(pidx, p)
      this.log.log('I', STUB(28, 'load_replicas'), `${p.tag(this.address)} load replica succeed, app = ${APP.name}, last_committed_decree = ${p.lastCommitted}, last_durable_decree = ${p.lastDurable}, replayed = ${replayed}`)
    }
  }

  private get meta(): NodeSpec | undefined {
    return nodesWithRole(this.ctx.spec, 'meta')[0]
  }

  /** Registers first, then heartbeats; every answer carries this server's partition configs. */
  private async heartbeat(): Promise<void> {
    const meta = this.meta
    if (!meta) return
    const route = this.registered ? '/meta/heartbeat' : '/meta/register'
    try {
      const answer = await this.ctx.call(meta, route, {node: this.ctx.self.id, address: this.address}, 1000) as {partitions: PartitionConfig[]}
      if (!this.registered) this.log.log('I', STUB(301, 'on_meta_server_connected'), `register to meta server ${meta.id} (127.0.0.1:${meta.port}) succeed, partitions = ${answer.partitions.length}`)
      this.registered = true
      await this.onConfigSync(answer.partitions)
    } catch (error) {
      if (this.registered && /has not registered/.test(String(error))) this.registered = false
    }
  }

  /** replica_stub::on_config_sync: create or update replicas; a higher ballot is a config change. */
  async onConfigSync(configs: readonly PartitionConfig[]): Promise<void> {
    for (const config of configs) {
      let p = this.partitions.get(config.pidx)
      if (!p) {
        p = new Partition(config.pidx, this.ctx.dataDir)
        this.partitions.set(config.pidx, p)
      }
      p.secondaries = config.secondaries
      if (config.ballot <= p.ballot) continue
      const from = p.ballot
      p.ballot = config.ballot
      p.status = config.primary === this.ctx.self.id ? 'primary' : config.secondaries.includes(this.ctx.self.id) ? 'secondary' : 'inactive'
      if (from === 0) {
        this.log.log('I', STUB(479, 'on_config_sync'), `${p.tag(this.address)} update configuration from meta server: status = ${p.status}, ballot = ${p.ballot}`)
        continue
      }
      this.log.log('I', at('replica_config.cpp', 1021, 'update_configuration'), `${p.tag(this.address)} replica configuration changed, ballot ${from} -> ${p.ballot}, status = ${p.status}`)
      const loader = this.bulkLoaders.get(config.pidx)
      if (loader) await this.clearBulkLoad(config.pidx, loader, from, p.ballot)
    }
  }

  private async clearBulkLoad(pidx: number, loader: ReplicaBulkLoader, from: number, to: number): Promise<void> {
    if (!this.remediated.bulkLoad) {
      loader.clearBulkLoadStates(from, to)
      return
    }
    const cancelled = await loader.cancelAndClearBulkLoadStates(from, to)
    this.bulkLoaders.delete(pidx)
    if (cancelled > 0) this.ctx.survived('bulkload-clear-race', `ballot ${from} -> ${to} on ${this.partitions.get(pidx)?.gpid}: ${cancelled} download tasks cancelled and awaited before clearing bulk-load state`)
  }

  /** The tcmalloc copy RocksDB's hooks resolve to; the fixed path puts the bundled dir first and verifies it. */
  rocksdbAllocator(): Tcmalloc {
    const bundled = libraryDirs(this.ctx.paths).bundled
    const searchPath = this.remediated.allocator ? [bundled, ...this.libSearchPath.filter((d) => d !== bundled)] : this.libSearchPath
    const copy = this.allocators.load(searchPath)
    const linked = this.allocators.linked
    if (this.remediated.allocator) {
      if (copy !== linked) throw new Error(`loaded ${copy.library} (gperftools ${copy.version}) but the server is linked with gperftools ${linked.version}`)
      this.log.log('I', STUB(46, 'verify_allocator'), `gperftools: verified loaded ${copy.library} is gperftools ${copy.version}, as linked`)
    } else if (copy !== linked) {
      this.log.log('I', STUB(46, 'open_db'), `gperftools: linked tcmalloc ${linked.version}, rocksdb allocator hooks from ${copy.library} (gperftools ${copy.version})`)
    }
    return copy
  }

  /** Checkpoints every partition with new writes (or none yet), one at a time; `only` forces one. */
  checkpointAll(only?: Partition): string[] {
    if (this.checkpointing) return []
    this.checkpointing = true
    const written: string[] = []
    try {
      const log = this.log.on('replica.replica2.0000')
      for (const p of only ? [only] : this.partitions.values()) {
        if (!only && (p.status === 'inactive' || (p.checkpoints > 0 && p.lastCommitted <= p.lastDurable))) continue
        try {
          written.push(generateCheckpoint({partition: p, rocksdbAllocator: this.rocksdbAllocator(), serverAllocator: this.allocators.linked, log, tag: p.tag(this.address)}))
        } catch (error) {
          if (error instanceof InvalidPointerError) REPLICA_FAULTS.onInvalidFree(this, error)
          log.log('E', at('replica_chkpt.cpp', 190, 'on_checkpoint'), `${p.tag(this.address)} generate checkpoint failed: ${error instanceof Error ? error.message : String(error)}`)
        }
      }
    } finally {
      this.checkpointing = false
    }
    return written
  }

  /** Starts downloading every hosted partition's sst files from the remote dir. */
  startBulkLoad(remoteRoot: string): {partitions: string[]} {
    const started: string[] = []
    for (const p of this.partitions.values()) {
      if (p.status === 'inactive' || this.bulkLoaders.get(p.pidx)?.status === 'downloading') continue
      const loader = new ReplicaBulkLoader({
        tag: p.tag(this.address), sourceDir: path.join(remoteRoot, String(p.pidx)), localDir: path.join(p.dir, 'bulk_load'),
        chunkBytes: PEGASUS_CONFIG.downloadChunkBytes, chunkPauseMs: PEGASUS_CONFIG.downloadChunkPauseMs, log: this.log,
        onTaskFault: (fault) => REPLICA_FAULTS.onDownloadFault(this, p, fault),
      })
      this.bulkLoaders.set(p.pidx, loader)
      loader.start()
      started.push(p.gpid)
    }
    this.log.log('I', at('replica_bulk_loader.cpp', 52, 'on_bulk_load'), `start bulk load, app = ${APP.name}, partitions = [${started.join(',')}], provider = local_service`)
    return {partitions: started}
  }

  routes(): ReadonlyMap<string, RouteHandler> {
    return new Map<string, RouteHandler>([
      ['/kv/put', (body) => this.kv.put(body)],
      ['/kv/get', (body) => this.kv.get(body)],
      ['/replica/prepare', (body) => this.kv.prepare(body)],
      ['/replica/config', (body) => this.onConfigSync((body as {partitions: PartitionConfig[]}).partitions)],
      ['/replica/bulk-load', (body) => this.startBulkLoad((body as {remoteRoot: string}).remoteRoot)],
      ['/replica/checkpoint', () => ({checkpoints: this.checkpointAll()})],
    ])
  }

  health(): {healthy: boolean; detail: Record<string, unknown>} {
    const parts = [...this.partitions.values()]
    const loaders = [...this.bulkLoaders.entries()]
    return {
      healthy: this.registered,
      detail: {
        registered: this.registered,
        partitions: parts.map((p) => ({gpid: p.gpid, status: p.status, ballot: p.ballot, lastCommitted: p.lastCommitted, lastDurable: p.lastDurable, checkpoints: p.checkpoints})),
        checkpoints: parts.reduce((n, p) => n + p.checkpoints, 0),
        bulkLoad: loaders.map(([pidx, l]) => ({pidx, status: l.status, tasks: l.runningTasks, files: l.downloadedFiles, bytes: l.downloadedBytes})),
        allocator: {linked: this.allocators.linked.library, searchPath: this.libSearchPath},
      },
    }
  }

  faults(): readonly string[] {
    return REPLICA_FAULTS.ids
  }

  inject(request: FaultRequest): Promise<string> {
    return REPLICA_FAULTS.inject(this, request)
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer)
    this.log.log('W', STUB(80, 'main'), 'signal SIGTERM received, shutting down gracefully')
    this.log.log('I', STUB(82, 'main'), 'process(replica) exit normally')
  }
}

export function createReplicaServer(): NodeProgram {
  return new ReplicaServer()
}
