import type {ChildProcess} from 'node:child_process'
import {nodeLogPath, type ClusterPaths} from '../layout.js'
import {callNode} from '../node/rpc.js'
import type {ClusterSpec, NodeSpec} from '../spec.js'
import {writeState, type ClusterState, type NodeHealthReport, type NodeState} from '../state.js'
import {DEFAULT_BACKOFF, nextDelay, type BackoffPolicy} from './backoff.js'
import {spawnNode} from './spawn-node.js'

/** What the supervisor reports of each node's life (the CLI records these in the store). */
export interface SupervisorEvent {
  ts: number
  node: string
  event: 'start' | 'exit' | 'restart' | 'healthy' | 'unhealthy' | 'stop'
  pid: number | null
  code: number | null
  signal: string | null
  detail: string | null
}

export interface SupervisorOptions {
  paths: ClusterPaths
  spec: ClusterSpec
  token: string
  onEvent?: (event: SupervisorEvent) => void
  /** One line for the supervisor's own log. */
  log?: (line: string) => void
  healthEveryMs?: number
  /** SIGTERM, then SIGKILL after this long. */
  stopTimeoutMs?: number
  backoff?: BackoffPolicy
  /** Extra environment for the node processes. */
  nodeEnv?: NodeJS.ProcessEnv
}

interface Running {
  spec: NodeSpec
  state: NodeState
  child: ChildProcess | null
  exited: Promise<void> | null
  failures: number
  restartTimer: NodeJS.Timeout | null
}

/** Starts every node as its own process, restarts crashed ones with backoff, keeps state.json current. */
export class Supervisor {
  private readonly nodes: Running[]
  private readonly startedAt = new Date().toISOString()
  private stopping = false
  private healthTimer: NodeJS.Timeout | null = null
  private polling = false
  workload = {rate: 0, ops: 0, errors: 0}

  constructor(private readonly options: SupervisorOptions) {
    this.workload.rate = options.spec.workloadRate
    this.nodes = options.spec.nodes.map((spec) => ({
      spec, child: null, exited: null, failures: 0, restartTimer: null,
      state: {...spec, pid: null, health: 'stopped', startedAt: null, restarts: 0, lastExit: null, report: null, log: nodeLogPath(options.paths, spec.id)},
    }))
  }

  /** Spawns every node (quorum first) and starts polling their health. */
  start(): void {
    for (const node of this.nodes) this.launch(node)
    this.healthTimer = setInterval(() => void this.pollHealth(), this.options.healthEveryMs ?? 250)
    this.save()
  }

  state(): ClusterState {
    return {
      supervisorPid: process.pid, startedAt: this.startedAt, updatedAt: new Date().toISOString(), stopping: this.stopping,
      nodes: this.nodes.map((n) => ({...n.state})), workload: {...this.workload},
    }
  }

  /** SIGTERM to every node, SIGKILL to those still alive after the timeout; resolves when all are gone. */
  async stop(): Promise<void> {
    this.stopping = true
    if (this.healthTimer) clearInterval(this.healthTimer)
    for (const node of this.nodes) {
      if (node.restartTimer) clearTimeout(node.restartTimer)
      node.restartTimer = null
    }
    const live = this.nodes.filter((n) => n.child && n.exited)
    for (const node of live) {
      node.state.health = 'stopping'
      this.signal(node, 'SIGTERM')
    }
    this.save()
    const timeout = setTimeout(() => live.forEach((n) => this.signal(n, 'SIGKILL')), this.options.stopTimeoutMs ?? 5000)
    await Promise.all(live.map((n) => n.exited))
    clearTimeout(timeout)
    this.save()
  }

  private signal(node: Running, signal: NodeJS.Signals): void {
    const pid = node.child?.pid
    if (pid === undefined || node.child?.exitCode !== null || node.child?.signalCode !== null) return
    try {
      process.kill(-pid, signal)
    } catch {
      node.child.kill(signal)
    }
  }

  private launch(node: Running, restart = false): void {
    node.restartTimer = null
    if (this.stopping) return
    const child = spawnNode(this.options.paths, node.spec, this.options.nodeEnv)
    const startedMs = Date.now()
    node.child = child
    node.state = {...node.state, pid: child.pid ?? null, health: 'starting', startedAt: new Date(startedMs).toISOString(), report: null}
    if (restart) node.state.restarts++
    this.emit(node, restart ? 'restart' : 'start', {})
    node.exited = new Promise((resolve) => {
      child.once('error', (error) => this.options.log?.(`${node.spec.id}: cannot start: ${error.message}`))
      child.once('exit', (code, signal) => {
        this.exited(node, {code, signal, ranMs: Date.now() - startedMs})
        resolve()
      })
    })
    this.save()
  }

  private exited(node: Running, exit: {code: number | null; signal: NodeJS.Signals | null; ranMs: number}): void {
    const pid = node.state.pid ?? -1
    node.child = null
    node.state.lastExit = {at: new Date().toISOString(), pid, code: exit.code, signal: exit.signal}
    node.state.pid = null
    this.emit(node, this.stopping ? 'stop' : 'exit', {code: exit.code, signal: exit.signal})
    if (this.stopping) {
      node.state.health = 'stopped'
      this.save()
      return
    }
    const {delayMs, failures} = nextDelay(this.options.backoff ?? DEFAULT_BACKOFF, node.failures, exit.ranMs)
    node.failures = failures
    node.state.health = 'backoff'
    this.options.log?.(`${node.spec.id} (pid ${pid}) exited: ${exit.signal ?? `code ${exit.code}`}; restart in ${delayMs} ms`)
    node.restartTimer = setTimeout(() => this.launch(node, true), delayMs)
    this.save()
  }

  private async pollHealth(): Promise<void> {
    if (this.polling || this.stopping) return
    this.polling = true
    try {
      const changed = await Promise.all(this.nodes.filter((n) => n.child).map((n) => this.checkNode(n)))
      if (changed.some(Boolean)) this.save()
    } finally {
      this.polling = false
    }
  }

  /** Asks one node for its health; true when what the state says changed. */
  private async checkNode(node: Running): Promise<boolean> {
    const before = node.state.health
    try {
      const report = await callNode(node.spec.port, '/health', undefined, {token: this.options.token, timeoutMs: 400}) as NodeHealthReport
      if (!node.child) return false
      node.state.report = report
      node.state.health = report.healthy ? 'healthy' : before === 'starting' ? 'starting' : 'unhealthy'
    } catch {
      if (!node.child) return false
      if (before === 'healthy') node.state.health = 'unhealthy'
    }
    const after = node.state.health
    if (after !== before && (after === 'healthy' || after === 'unhealthy')) this.emit(node, after, {})
    return true
  }

  private emit(node: Running, event: SupervisorEvent['event'], exit: {code?: number | null; signal?: string | null}): void {
    this.options.onEvent?.({
      ts: Date.now(), node: node.spec.id, event, pid: node.state.pid ?? node.state.lastExit?.pid ?? null,
      code: exit.code ?? null, signal: exit.signal ?? null, detail: null,
    })
  }

  private save(): void {
    writeState(this.options.paths.state, this.state())
  }
}
