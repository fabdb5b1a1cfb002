// The Pegasus-like meta server: replica servers register and heartbeat; it places the partitions of
// app `temp` on them with ballots, bumps ballots on config changes and starts bulk loads.
import {RdsnLogger} from '../../node/rdsn-log.js'
import type {NodeContext, NodeProgram} from '../../node/runtime.js'
import type {RouteHandler} from '../../node/rpc.js'
import {nodesWithRole} from '../../spec.js'
import {createRemoteBulkLoad} from './bulk-load.js'
import {APP, PEGASUS_CONFIG, gpid} from './config.js'
import type {PartitionConfig} from './partition.js'

interface ReplicaEntry {
  address: string
  lastBeat: number
}

const at = (file: string, line: number, fn: string) => ({file, line, fn})

class MetaServer implements NodeProgram {
  private ctx!: NodeContext
  private readonly log = new RdsnLogger('meta.meta_state0.0000')
  private readonly replicas = new Map<string, ReplicaEntry>()
  private readonly partitions: PartitionConfig[] = Array.from({length: APP.partitionCount}, (_, pidx) => ({pidx, ballot: 0, primary: null, secondaries: []}))
  private bulkLoad: {remoteRoot: string; startedAt: string} | null = null

  async start(ctx: NodeContext): Promise<void> {
    this.ctx = ctx
    this.log.log('I', at('meta_service.cpp', 130, 'start'), `process(meta) start: pegasus_server config.ini -app_list meta, pid = ${process.pid}, address = 127.0.0.1:${ctx.self.port}`)
    this.log.log('I', at('server_state.cpp', 402, 'create_app'), `create app ${APP.name}: app_id = ${APP.id}, partition_count = ${APP.partitionCount}, max_replica_count = ${this.copies}`)
  }

  /** 3 copies, capped by the number of replica servers of the cluster. */
  private get copies(): number {
    return Math.max(1, Math.min(APP.maxReplicaCount, nodesWithRole(this.ctx.spec, 'replica').length))
  }

  private membersOf(pc: PartitionConfig): string[] {
    return pc.primary ? [pc.primary, ...pc.secondaries] : [...pc.secondaries]
  }

  private register(body: unknown): {partitions: PartitionConfig[]} {
    const {node, address} = body as {node: string; address: string}
    if (!nodesWithRole(this.ctx.spec, 'replica').some((n) => n.id === node)) throw new Error(`ERR_INVALID_PARAMETERS: ${node} is not a replica server of this cluster`)
    const known = this.replicas.has(node)
    this.replicas.set(node, {address, lastBeat: Date.now()})
    this.log.log('I', at('meta_service.cpp', 575, 'on_register'), `${known ? 're-' : ''}register replica server ${node} (${address}), alive replica servers = ${this.replicas.size}`)
    for (const pc of this.partitions) {
      const members = this.membersOf(pc)
      if (members.includes(node) || members.length >= this.copies) continue
      members.push(node)
      const primary = members[pc.pidx % members.length] as string
      pc.primary = primary
      pc.secondaries = members.filter((m) => m !== primary)
      pc.ballot++
      this.log.log('I', at('server_state.cpp', 1468, 'update_configuration_locally'), `${gpid(pc.pidx)}: assign ${node}, primary = ${primary}, secondaries = [${pc.secondaries.join(',')}], ballot = ${pc.ballot}`)
    }
    return this.configFor(node)
  }

  private configFor(node: string): {partitions: PartitionConfig[]} {
    return {partitions: this.partitions.filter((pc) => this.membersOf(pc).includes(node))}
  }

  private heartbeat(body: unknown): {partitions: PartitionConfig[]} {
    const {node} = body as {node: string}
    const entry = this.replicas.get(node)
    if (!entry) throw new Error(`ERR_OBJECT_NOT_FOUND: ${node} has not registered`)
    entry.lastBeat = Date.now()
    return this.configFor(node)
  }

  /** A config change: the partition's ballot goes up and every member hears of it at once. */
  private async bumpBallot(body: unknown): Promise<PartitionConfig> {
    const {pidx, reason} = body as {pidx: number; reason?: string}
    const pc = this.partitions[pidx]
    if (!pc) throw new Error(`ERR_INVALID_PARAMETERS: no partition ${gpid(pidx)}`)
    pc.ballot++
    this.log.log('I', at('server_state.cpp', 1502, 'update_configuration'), `${gpid(pidx)}: ballot changed from ${pc.ballot - 1} to ${pc.ballot}${reason ? ` (${reason})` : ''}`)
    const peers = nodesWithRole(this.ctx.spec, 'replica').filter((n) => this.membersOf(pc).includes(n.id))
    await Promise.allSettled(peers.map((peer) => this.ctx.call(peer, '/replica/config', {partitions: [pc]}, 1000)))
    return pc
  }

  /** Writes the sst files and bulk_load_metadata into the remote dir, then tells the replica servers to download. */
  private async startBulkLoad(body: unknown): Promise<{remoteRoot: string; files: number; nodes: string[]}> {
    const {nodes, files, fileBytes} = (body ?? {}) as {nodes?: string[]; files?: number; fileBytes?: number}
    const fileCount = files ?? PEGASUS_CONFIG.bulkLoadFiles
    const remoteRoot = createRemoteBulkLoad(this.ctx.paths.remote, {partitions: APP.partitionCount, files: fileCount, fileBytes: fileBytes ?? PEGASUS_CONFIG.bulkLoadFileBytes})
    this.bulkLoad = {remoteRoot, startedAt: new Date().toISOString()}
    const targets = nodesWithRole(this.ctx.spec, 'replica').filter((n) => this.replicas.has(n.id) && (!nodes || nodes.includes(n.id)))
    this.log.log('I', at('meta_bulk_load_service.cpp', 96, 'start_bulk_load'), `start bulk load, app = ${APP.name}, remote = ${remoteRoot}, files per partition = ${fileCount}, replica servers = [${targets.map((n) => n.id).join(',')}]`)
    const results = await Promise.allSettled(targets.map((peer) => this.ctx.call(peer, '/replica/bulk-load', {remoteRoot}, 2000)))
    const started = targets.filter((_, i) => results[i]?.status === 'fulfilled').map((n) => n.id)
    return {remoteRoot, files: fileCount * APP.partitionCount, nodes: started}
  }

  routes(): ReadonlyMap<string, RouteHandler> {
    return new Map<string, RouteHandler>([
      ['/meta/register', (body) => this.register(body)],
      ['/meta/heartbeat', (body) => this.heartbeat(body)],
      ['/meta/config', () => ({app: APP.name, appId: APP.id, partitions: this.partitions})],
      ['/meta/partition/bump-ballot', (body) => this.bumpBallot(body)],
      ['/meta/bulk-load/start', (body) => this.startBulkLoad(body)],
    ])
  }

  health(): {healthy: boolean; detail: Record<string, unknown>} {
    const expected = nodesWithRole(this.ctx.spec, 'replica').length
    const alive = [...this.replicas.values()].filter((r) => Date.now() - r.lastBeat < PEGASUS_CONFIG.heartbeatMs * 10).length
    const assigned = this.partitions.filter((pc) => pc.primary !== null).length
    return {healthy: this.replicas.size >= expected, detail: {registered: this.replicas.size, expected, alive, app: APP.name, partitions: APP.partitionCount, assigned, bulkLoad: this.bulkLoad}}
  }

  faults(): readonly string[] {
    return []
  }

  async inject(): Promise<string> {
    throw new Error('the meta server runs no in-process fault scenario')
  }

  async stop(): Promise<void> {
    this.log.log('W', at('meta_service.cpp', 211, 'stop'), 'signal SIGTERM received, shutting down gracefully')
    this.log.log('I', at('meta_service.cpp', 215, 'stop'), 'process(meta) exit normally')
  }
}

export function createMetaServer(): NodeProgram {
  return new MetaServer()
}
