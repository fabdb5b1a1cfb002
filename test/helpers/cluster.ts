import type {ChildProcess} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {nodeLogPath, type ClusterPaths} from '../../cluster/layout.js'
import {callNode} from '../../cluster/node/rpc.js'
import {createClusterDir} from '../../cluster/plan.js'
import type {ClusterSpec, NodeSpec, Topology} from '../../cluster/spec.js'
import {spawnNode} from '../../cluster/supervisor/spawn-node.js'

/** Real node processes of a throwaway cluster dir, for tests (run `npm run build` first: nodes run from dist/). */
export interface TestCluster {
  paths: ClusterPaths
  spec: ClusterSpec
  token: string
  node(id: string): NodeSpec
  /** Starts these nodes (all when omitted) as real processes. */
  start(ids?: readonly string[]): void
  call(id: string, route: string, body?: unknown, timeoutMs?: number): Promise<unknown>
  /** Resolves when GET /health says healthy, rejects with the node's last log lines after timeoutMs. */
  waitHealthy(id: string, timeoutMs?: number): Promise<unknown>
  /** Resolves with the exit of a node process (code, signal). */
  exited(id: string): Promise<{code: number | null; signal: NodeJS.Signals | null}>
  log(id: string): string
  /** SIGKILLs every process still running and removes the dir (call in afterEach/afterAll). */
  cleanup(): Promise<void>
}

export async function startTestCluster(topology: Topology, options: {fixed?: boolean; workloadRate?: number} = {}): Promise<TestCluster> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'storctl-cluster-'))
  const {paths, spec} = await createClusterDir(dir, {topology, fixed: options.fixed ?? false, workloadRate: options.workloadRate ?? 0, basePort: 20000 + Math.floor(Math.random() * 20000)})
  const token = readFileSync(paths.token, 'utf8').trim()
  const children = new Map<string, ChildProcess>()
  const exits = new Map<string, Promise<{code: number | null; signal: NodeJS.Signals | null}>>()
  const node = (id: string) => {
    const found = spec.nodes.find((n) => n.id === id)
    if (!found) throw new Error(`no node ${id}`)
    return found
  }
  const log = (id: string) => {
    try {
      return readFileSync(nodeLogPath(paths, id), 'utf8')
    } catch {
      return ''
    }
  }
  const call = (id: string, route: string, body?: unknown, timeoutMs?: number) => callNode(node(id).port, route, body, {token, timeoutMs})
  return {
    paths, spec, token, node, log, call,
    start(ids = spec.nodes.map((n) => n.id)) {
      for (const id of ids) {
        const child = spawnNode(paths, node(id))
        children.set(id, child)
        exits.set(id, new Promise((resolve) => child.once('exit', (code, signal) => resolve({code, signal}))))
      }
    },
    async waitHealthy(id, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs
      let last: unknown = null
      while (Date.now() < deadline) {
        try {
          last = await call(id, '/health', undefined, 500)
          if ((last as {healthy?: boolean}).healthy) return last
        } catch (error) {
          last = error
        }
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`${id} not healthy after ${timeoutMs} ms (${String(last)}); its log ends:\n${log(id).split('\n').slice(-15).join('\n')}`)
    },
    exited(id) {
      const exit = exits.get(id)
      if (!exit) throw new Error(`${id} was not started`)
      return exit
    },
    async cleanup() {
      for (const child of children.values()) {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      }
      await Promise.all([...exits.values()])
      rmSync(dir, {recursive: true, force: true})
    },
  }
}
