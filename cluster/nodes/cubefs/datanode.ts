// The CubeFS-like datanode: data partitions with their own WAL files, heartbeats to the leader
// master, /data/put and /data/get, and its fault scenarios (datanode-faults.ts).
import path from 'node:path'
import {createGoLogger, logBanner} from '../../node/go-log.js'
import type {RouteHandler} from '../../node/rpc.js'
import type {FaultRequest, NodeContext, NodeProgram} from '../../node/runtime.js'
import type {NodeSpec} from '../../spec.js'
import {DataPartition} from './data-partition.js'
import {handleWalError, runDatanodeFault} from './datanode-faults.js'
import {WalFile} from './wal.js'

export const DATANODE_VERSION = '3.4.0'
const PARTITIONS = 4
const HEARTBEAT_MS = 200
const HEARTBEAT_STALE_MS = 1000

export class DataNodeServer implements NodeProgram {
  ctx!: NodeContext
  readonly log = createGoLogger()
  readonly partitions: DataPartition[] = []
  /** Partition errors isolate the partition (the remediated path) instead of panicking. */
  isolateWalErrors = false
  private leader: NodeSpec | null = null
  private lastHeartbeat = 0
  private registered = false
  private heartbeat: NodeJS.Timeout | undefined

  async start(ctx: NodeContext): Promise<void> {
    this.ctx = ctx
    this.isolateWalErrors = ctx.fixed
    const nodeNum = Number(ctx.self.id.replace(/\D/g, '')) || 1
    const masters = ctx.peers('master')
    logBanner(this.log, {product: 'CubeFS DataNode', version: DATANODE_VERSION, commit: '52c1f7e0a4d9', goVersion: 'go1.19.8'})
    this.log.info('server.go:31', `action[Start] datanode pid(${process.pid}) nodeID(${nodeNum}) localAddr(127.0.0.1:${ctx.self.port}) masterAddr(${masters.map((m) => `127.0.0.1:${m.port}`).join(',')})`)
    this.log.info('server.go:32', `action[initSpaceManager] disk(${ctx.dataDir}) status(ReadWrite)`)
    for (let k = 1; k <= PARTITIONS; k++) {
      const id = nodeNum * 100 + k
      const wal = new WalFile(path.join(ctx.dataDir, 'raft', String(id)))
      const partition = new DataPartition(id, wal, {log: this.log, onWalError: (p, error, batch) => handleWalError(this, p, error, batch)})
      const records = partition.load()
      this.log.info('server.go:36', `action[loadPartition] partition(${id}) vol(ltptest) path(${wal.dir}) records(${records}) applyID(${partition.appliedIndex}) loaded`)
      this.log.info('wal.go:32', `action[OpenWAL] wal dir(${wal.dir}) open log file(${wal.target})`)
      this.partitions.push(partition)
    }
    this.log.info('server.go:38', `action[startRaftServer] raft server started, walDir(${path.join(ctx.dataDir, 'raft')})`)
    this.heartbeat = setInterval(() => void this.sendHeartbeat(), HEARTBEAT_MS)
    void this.sendHeartbeat()
    this.log.info('server.go:40', `action[startTCPService] datanode listen on 127.0.0.1:${ctx.self.port}`)
  }

  routes(): ReadonlyMap<string, RouteHandler> {
    return new Map<string, RouteHandler>([
      ['/data/put', async (body) => {
        const {key, value} = (body ?? {}) as {key?: unknown; value?: unknown}
        if (typeof key !== 'string' || typeof value !== 'string') throw new Error('want {key: string, value: string}')
        const partition = this.partitionFor(key)
        return {partition: partition.id, index: await partition.put(key, value)}
      }],
      ['/data/get', (body) => {
        const key = String((body as {key?: unknown} | null)?.key)
        const partition = this.partitions.find((p) => p.status === 'ReadWrite' && p.data.has(key))
        return {key, value: partition?.get(key) ?? null, partition: partition?.id ?? null}
      }],
    ])
  }

  health(): {healthy: boolean; detail: Record<string, unknown>} {
    const heartbeating = Date.now() - this.lastHeartbeat < HEARTBEAT_STALE_MS
    const serving = this.partitions.filter((p) => p.status === 'ReadWrite')
    return {
      healthy: heartbeating && serving.length > 0 && this.partitions.every((p) => p.status === 'ReadWrite' || p.offline !== null),
      detail: {
        pid: process.pid, leader: this.leader?.id ?? null, heartbeating,
        partitions: this.partitions.map((p) => ({id: p.id, status: p.status, applied: p.appliedIndex, walBytes: p.walBytes, wal: p.wal.target})),
        offline: this.partitions.filter((p) => p.offline).map((p) => ({id: p.id, ...p.offline})),
      },
    }
  }

  faults(): readonly string[] {
    return ['wal-io-error', 'oom']
  }

  inject(request: FaultRequest): Promise<string> {
    return Promise.resolve(runDatanodeFault(this, request))
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat)
    for (const p of this.partitions) p.wal.close()
    this.log.info('server.go:55', 'action[Shutdown] datanode stopped, WAL files closed')
  }

  /** A key's partition: a stable hash over the partitions still serving. */
  private partitionFor(key: string): DataPartition {
    const serving = this.partitions.filter((p) => p.status === 'ReadWrite')
    if (serving.length === 0) throw new Error(`${this.ctx.self.id}: no partition serving`)
    let h = 0
    for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0
    return serving[h % serving.length] as DataPartition
  }

  private async findLeader(): Promise<NodeSpec | null> {
    for (const master of this.ctx.peers('master')) {
      const answer = (await this.ctx.call(master, '/meta/leader', undefined, 300).catch(() => null)) as {leader?: string | null} | null
      const leader = answer?.leader ? this.ctx.spec.nodes.find((n) => n.id === answer.leader) : undefined
      if (leader) return leader
    }
    return null
  }

  private async sendHeartbeat(): Promise<void> {
    this.leader ??= await this.findLeader()
    if (!this.leader) return
    const partitions = this.partitions.map((p) => ({id: p.id, status: p.status}))
    try {
      await this.ctx.call(this.leader, '/meta/heartbeat', {id: this.ctx.self.id, port: this.ctx.self.port, partitions}, 300)
      this.lastHeartbeat = Date.now()
      if (!this.registered) this.log.info('server.go:39', `action[registerToMaster] register ${this.ctx.self.id} to master 127.0.0.1:${this.leader.port} ok`)
      this.registered = true
    } catch {
      this.leader = null
    }
  }
}

export function createDatanode(): NodeProgram {
  return new DataNodeServer()
}
