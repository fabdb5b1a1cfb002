// Shared steps of the CubeFS-like node tests: a running set of nodes, waits, and the crash checks.
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import {nodeLogPath} from '../../../cluster/layout.js'
import {startTestCluster, type TestCluster} from '../../helpers/cluster.js'
import {storctl} from '../../helpers/cli.js'

export const MASTERS = ['master1', 'master2', 'master3'] as const

export interface Health {
  healthy: boolean
  detail: Record<string, unknown> & {pid: number}
  survived: {scenario: string; detail: string}[]
}

/** Starts masters (and datanodes) and waits until every one is healthy. */
export async function healthyCluster(datanodes: number): Promise<TestCluster> {
  const cluster = await startTestCluster({masters: 3, datanodes, replicas: 0})
  const ids = cluster.spec.nodes.map((n) => n.id)
  cluster.start(ids)
  try {
    await Promise.all(ids.map((id) => cluster.waitHealthy(id, 5000)))
  } catch (error) {
    await cluster.cleanup()
    throw error
  }
  return cluster
}

export async function health(cluster: TestCluster, id: string): Promise<Health> {
  return (await cluster.call(id, '/health', undefined, 1000)) as Health
}

export async function leaderOf(cluster: TestCluster, ids: readonly string[] = MASTERS): Promise<string> {
  return waitFor(async () => {
    for (const id of ids) {
      const leader = (await health(cluster, id).catch(() => null))?.detail.leader
      if (typeof leader === 'string' && ids.includes(leader)) return leader
    }
    return null
  }, 3000, 'a raft leader')
}

/** Polls until `probe` gives a value (not null/false), or fails after timeoutMs. */
export async function waitFor<T>(probe: () => Promise<T | null | false>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe().catch(() => null)
    if (value !== null && value !== false) return value
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/** The node's exit, or an error with its log tail when it does not die in time. */
export async function exitOf(cluster: TestCluster, id: string, timeoutMs = 8000): Promise<{code: number | null; signal: string | null}> {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${id} still alive after ${timeoutMs} ms; log ends:\n${cluster.log(id).split('\n').slice(-12).join('\n')}`)), timeoutMs).unref())
  return Promise.race([cluster.exited(id), timeout])
}

export interface Diagnosed {
  kind: string
  rule: string | null
  generic: string | null
  confidence: number
}

/** `storctl diagnose <node log> --json`: the first crash and its diagnosis. */
export function diagnoseNodeLog(cluster: TestCluster, id: string): Diagnosed {
  const run = storctl(['diagnose', nodeLogPath(cluster.paths, id), '--json'])
  const report = JSON.parse(run.stdout) as {crashes: {kind: string; diagnosis: {rule: string | null; generic?: string | null; confidence: number}}[]}
  const crash = report.crashes[0]
  if (!crash) throw new Error(`no crash found in ${id}'s log (status ${run.status}): ${run.stderr}`)
  return {kind: crash.kind, rule: crash.diagnosis.rule, generic: crash.diagnosis.generic ?? null, confidence: crash.diagnosis.confidence}
}

/** The gdb trace the node wrote under cores/ for its pid. */
export function coreTrace(cluster: TestCluster, id: string, pid: number): string {
  const file = path.join(cluster.paths.cores, `${id}.${pid}.gdb.txt`)
  if (!existsSync(file)) throw new Error(`no core trace ${file}; cores/ has ${readdirSync(cluster.paths.cores).join(', ')}`)
  return readFileSync(file, 'utf8')
}

export async function survived(cluster: TestCluster, id: string, scenario: string): Promise<Health> {
  return waitFor(async () => {
    const h = await health(cluster, id)
    return h.survived.some((s) => s.scenario === scenario) ? h : null
  }, 6000, `survival of ${scenario} on ${id}`)
}
