// Shared steps of the Pegasus-like cluster tests: real node processes, the built CLI's --json.
import {existsSync, readdirSync} from 'node:fs'
import {nodeLogPath} from '../../../cluster/layout.js'
import {startTestCluster, type TestCluster} from '../../helpers/cluster.js'
import {storctl} from '../../helpers/cli.js'

export const PEGASUS_NODES = ['meta1', 'replica1', 'replica2', 'replica3'] as const

/** A meta server and three replica servers, all healthy; call cleanup() in afterAll. */
export async function startPegasusCluster(): Promise<TestCluster> {
  const cluster = await startTestCluster({masters: 0, datanodes: 0, replicas: 3})
  try {
    cluster.start()
    for (const id of PEGASUS_NODES) await cluster.waitHealthy(id, 5000)
    await waitFor(async () => ((await cluster.call('meta1', '/health')) as {detail: {assigned: number}}).detail.assigned === 8, 3000, 'all partitions assigned')
    await waitFor(() => configSynced(cluster), 3000, 'every replica on the meta server\'s ballots')
    return cluster
  } catch (error) {
    await cluster.cleanup()
    throw error
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await Promise.resolve().then(check).catch(() => false)) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`${what} not met within ${timeoutMs} ms`)
}

/** The exit of a node, or a rejection after timeoutMs. */
export function exitWithin(cluster: TestCluster, id: string, timeoutMs: number): Promise<{code: number | null; signal: NodeJS.Signals | null}> {
  return Promise.race([
    cluster.exited(id),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${id} still alive after ${timeoutMs} ms; log ends:\n${cluster.log(id).split('\n').slice(-12).join('\n')}`)), timeoutMs)),
  ])
}

export function coreTraces(cluster: TestCluster, id: string): string[] {
  return existsSync(cluster.paths.cores) ? readdirSync(cluster.paths.cores).filter((f) => f.startsWith(`${id}.`) && f.endsWith('.gdb.txt')) : []
}

export interface DiagnosedCrash {
  kind: string
  kinds: string[]
  signal: string | null
  topFrames: string[]
  diagnosis: {rule: string | null; confidence: number} | null
}

/** `storctl diagnose <node log> --json`: the crashes it reports. */
export function diagnoseNodeLog(cluster: TestCluster, id: string): DiagnosedCrash[] {
  const run = storctl(['diagnose', nodeLogPath(cluster.paths, id), '--json'])
  const report = JSON.parse(run.stdout) as {crashes: DiagnosedCrash[]}
  return report.crashes
}

export async function survived(cluster: TestCluster, id: string, scenario: string): Promise<boolean> {
  const health = (await cluster.call(id, '/health')) as {healthy: boolean; survived: {scenario: string}[]}
  return health.healthy && health.survived.some((s) => s.scenario === scenario)
}

/** Every replica server holds each of its partitions at the ballot the meta server gave it. */
async function configSynced(cluster: TestCluster): Promise<boolean> {
  const {partitions} = (await cluster.call('meta1', '/meta/config')) as {partitions: {pidx: number; ballot: number}[]}
  for (const id of PEGASUS_NODES.slice(1)) {
    const {detail} = (await cluster.call(id, '/health')) as {detail: {partitions: {gpid: string; ballot: number}[]}}
    if (detail.partitions.length !== partitions.length) return false
    if (!partitions.every((pc) => detail.partitions.some((p) => p.gpid === `1.${pc.pidx}` && p.ballot === pc.ballot))) return false
  }
  return true
}
