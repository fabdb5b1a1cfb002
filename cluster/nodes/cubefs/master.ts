// The CubeFS-like master: raft over the three masters, the metadata state machine on a file store,
// the data-partition checker, datanode heartbeats, and its fault scenarios (master-faults.ts).
import path from 'node:path'
import {createGoLogger, logBanner, type GoLogger} from '../../node/go-log.js'
import type {RouteHandler} from '../../node/rpc.js'
import type {FaultRequest, NodeContext, NodeProgram} from '../../node/runtime.js'
import {crashOnApplyError, crashOnCheckerError, runMasterFault} from './master-faults.js'
import {masterRoutes} from './master-routes.js'
import {MetadataFsm} from './metadata-fsm.js'
import {MetadataStore} from './metadata-store.js'
import {RaftNode} from './raft.js'

export const MASTER_VERSION = '3.3.0'
const CHECK_INTERVAL_MS = 100

export class MasterServer implements NodeProgram {
  ctx!: NodeContext
  log: GoLogger = createGoLogger()
  store!: MetadataStore
  fsm!: MetadataFsm
  raft!: RaftNode
  /** API requests are served (false while the metadata service restarts). */
  serving = true
  /** Reads wait for a snapshot being applied (the remediated read path). */
  readsWaitForSnapshot = false
  /** Datanodes by id: last heartbeat and partitions, kept in memory by the leader. */
  readonly dataNodes = new Map<string, {at: number; port: number; partitions: unknown[]}>()
  private checker: NodeJS.Timeout | undefined

  async start(ctx: NodeContext): Promise<void> {
    this.ctx = ctx
    this.readsWaitForSnapshot = ctx.fixed
    logBanner(this.log, {product: 'CubeFS Master', version: MASTER_VERSION, commit: '7a1d6f3c2e9b', goVersion: 'go1.19.8'})
    const peers = ctx.peers('master')
    this.log.info('server.go:31', `action[loadConfig] clusterName(storctl) id(${ctx.self.id}) ip(127.0.0.1) port(${ctx.self.port}) storeDir(${path.join(ctx.dataDir, 'store')}) peers(${[ctx.self, ...peers].map((p) => `${p.id}:127.0.0.1:${p.port}`).join(',')})`)
    this.store = new MetadataStore(path.join(ctx.dataDir, 'store'))
    this.store.guarded = ctx.fixed
    this.log.info('rocksdb_store.go:19', `action[NewRocksDBStore] open rocksdb dir(${this.store.dir}) file(${this.store.file})`)
    this.fsm = new MetadataFsm(this.store, this.log)
    this.fsm.load()
    this.log.info('server.go:40', `action[loadMetadata] load cluster value, vols(${this.fsm.vols.size}) keys(${this.fsm.kv.size}) applied(${this.fsm.appliedIndex})`)
    this.raft = new RaftNode({
      id: ctx.self.id,
      peers: peers.map((p) => p.id),
      send: (peer, route, body, timeoutMs) => ctx.call(this.peer(peer), route, body, timeoutMs),
      fsm: this.fsm,
      log: this.log,
      hardStateFile: path.join(ctx.dataDir, 'raft-hardstate.json'),
      retainLogs: 32,
      onApplyError: (error) => crashOnApplyError(this, error),
    })
    this.raft.start()
    this.checker = setInterval(() => this.checkDataPartitions(), CHECK_INTERVAL_MS)
    this.log.info('cluster.go:412', `action[scheduleToCheckDataPartitions] started, interval ${CHECK_INTERVAL_MS}ms`)
    this.log.info('server.go:43', `action[startHTTPService] master http service started on 127.0.0.1:${ctx.self.port}`)
  }

  routes(): ReadonlyMap<string, RouteHandler> {
    return masterRoutes(this)
  }

  health(): {healthy: boolean; detail: Record<string, unknown>} {
    const applying = this.raft.applying && !this.store.isClosed
    return {
      healthy: this.raft.knowsLeader() && applying && this.serving,
      detail: {
        pid: process.pid, role: this.raft.role, term: this.raft.term, leader: this.raft.leaderId, commitIndex: this.raft.commitIndex,
        applied: this.fsm.appliedIndex, firstIndex: this.raft.log.baseIndex + 1, lastIndex: this.raft.log.lastIndex(),
        applying, restoringSnapshot: this.fsm.restoring !== null, vols: this.fsm.vols.size, keys: this.fsm.kv.size,
        dataNodes: [...this.dataNodes.keys()],
      },
    }
  }

  faults(): readonly string[] {
    return ['master-shutdown-race', 'snapshot-read-race', 'oom']
  }

  inject(request: FaultRequest): Promise<string> {
    return Promise.resolve(runMasterFault(this, request))
  }

  async stop(): Promise<void> {
    clearInterval(this.checker)
    this.log.info('server.go:55', 'action[Shutdown] received signal terminated, stopping master')
    this.raft.pauseApply()
    this.raft.stop()
    this.store.close()
    this.log.info('rocksdb_store.go:35', `action[Close] rocksdb store dir(${this.store.dir}) closed after raft stopped, applied(${this.fsm.appliedIndex})`)
  }

  peer(id: string) {
    const spec = this.ctx.spec.nodes.find((n) => n.id === id)
    if (!spec) throw new Error(`no node ${id}`)
    return spec
  }

  /** Replicates a metadata command through the leader (here or on another master). */
  async submit(command: {key: string; value: string | null}): Promise<number> {
    if (this.raft.isLeader()) return this.raft.propose(command)
    const leader = this.raft.leaderId
    if (!leader) throw new Error('no raft leader known')
    return ((await this.ctx.call(this.peer(leader), '/meta/put', command, 3000)) as {index: number}).index
  }

  /** The data-partition checker (scheduleToCheckDataPartitions), a read of every volume. */
  checkDataPartitions(): void {
    if (!this.serving || (this.readsWaitForSnapshot && this.fsm.restoring)) return
    try {
      this.fsm.checkDataPartitions()
    } catch (error) {
      crashOnCheckerError(this, error)
    }
  }
}

export function createMaster(): NodeProgram {
  return new MasterServer()
}
