import {readFileSync} from 'node:fs'
import type http from 'node:http'
import {clusterPaths, nodeDataDir, type ClusterPaths} from '../layout.js'
import {readSpec, type ClusterSpec, type NodeRole, type NodeSpec} from '../spec.js'
import type {NodeHealthReport} from '../state.js'
import {exitNode} from './die.js'
import {callNode, serveRoutes, type RouteHandler} from './rpc.js'

/** What every node program gets: who it is, where its files go, how to reach its peers. */
export interface NodeContext {
  spec: ClusterSpec
  self: NodeSpec
  paths: ClusterPaths
  /** This node's own data directory (created by the supervisor). */
  dataDir: string
  token: string
  /** Run the remediated code paths (`up --fixed`, or `fault inject --fixed`). */
  fixed: boolean
  peers(role: NodeRole): NodeSpec[]
  /** A JSON RPC to another node of the cluster, with the token. */
  call(peer: NodeSpec, route: string, body?: unknown, timeoutMs?: number): Promise<unknown>
  /** Records a scenario the node survived; GET /health reports it. */
  survived(scenario: string, detail: string): void
}

export interface FaultRequest {
  scenario: string
  /** The remediated path runs instead (defaults to the cluster's --fixed). */
  fixed: boolean
}

/** A node program: the role's logic, its routes, its health and the fault scenarios it can run. */
export interface NodeProgram {
  start(ctx: NodeContext): Promise<void>
  /** Role routes (`/raft/append`, `/kv/put`...); `/health` and `/fault` are the runtime's. */
  routes(): ReadonlyMap<string, RouteHandler>
  health(): {healthy: boolean; detail: Record<string, unknown>}
  /** Scenario ids this role runs; `inject` starts one and returns once it is under way. */
  faults(): readonly string[]
  inject(request: FaultRequest): Promise<string>
  /** SIGTERM: stop gracefully (the runtime exits 0 after). */
  stop(): Promise<void>
}

function argValue(argv: readonly string[], name: string): string {
  const i = argv.indexOf(name)
  const value = i >= 0 ? argv[i + 1] : undefined
  if (value === undefined) throw new Error(`missing ${name}`)
  return value
}

/** Reads `--dir DIR --node ID` and the cluster's files into a context. */
export function nodeContext(argv: readonly string[]): NodeContext {
  const paths = clusterPaths(argValue(argv, '--dir'))
  const spec = readSpec(paths.spec)
  const id = argValue(argv, '--node')
  const self = spec.nodes.find((n) => n.id === id)
  if (!self) throw new Error(`node ${id} is not in ${paths.spec}`)
  const token = readFileSync(paths.token, 'utf8').trim()
  const survived: NodeHealthReport['survived'] = []
  const ctx: NodeContext & {survivedList: typeof survived} = {
    spec, self, paths, token, fixed: spec.fixed, dataDir: nodeDataDir(paths, id),
    peers: (role) => spec.nodes.filter((n) => n.role === role && n.id !== id),
    call: (peer, route, body, timeoutMs) => callNode(peer.port, route, body, {token, timeoutMs}),
    survived: (scenario, detail) => {
      survived.push({scenario, at: new Date().toISOString(), detail})
      if (survived.length > 20) survived.shift()
    },
    survivedList: survived,
  }
  return ctx
}

/** Starts a node program: its server on 127.0.0.1, /health and /fault, and a graceful stop on SIGTERM. */
export async function runNode(program: NodeProgram, argv: readonly string[] = process.argv.slice(2)): Promise<http.Server> {
  const ctx = nodeContext(argv) as NodeContext & {survivedList: NodeHealthReport['survived']}
  await program.start(ctx)
  const routes = new Map<string, RouteHandler>(program.routes())
  routes.set('/health', (): NodeHealthReport => ({...program.health(), survived: ctx.survivedList}))
  routes.set('/fault', async (body) => {
    const {scenario, fixed} = (body ?? {}) as Partial<FaultRequest>
    if (typeof scenario !== 'string' || !program.faults().includes(scenario)) {
      throw new Error(`${ctx.self.id} (${ctx.self.role}) runs none of scenario ${String(scenario)}; it runs: ${program.faults().join(', ')}`)
    }
    return {node: ctx.self.id, scenario, started: await program.inject({scenario, fixed: fixed ?? ctx.fixed})}
  })
  const server = await serveRoutes(ctx.self.port, ctx.token, routes)
  let stopping = false
  process.on('SIGTERM', () => {
    if (stopping) return
    stopping = true
    server.close()
    server.closeAllConnections()
    program.stop().then(() => exitNode(0), () => exitNode(1))
  })
  return server
}
