import {rmSync} from 'node:fs'
import {NODE_MAIN} from './supervisor/spawn-node.js'
import {openCluster} from './open-cluster.js'
import {pidAlive, pidCommandLine, waitPidsGone} from './pid.js'

export interface StopResult {
  dir: string
  /** The supervisor was running and stopped its nodes. */
  supervisorStopped: boolean
  /** Node processes found alive without a supervisor (or after it), and killed. */
  killed: number[]
  purged: boolean
}

/** Node pids of this cluster still alive: checked against their command line, so a recycled pid is never killed. */
function leftoverNodes(cluster: ReturnType<typeof openCluster>): number[] {
  const pids = (cluster.state?.nodes ?? []).flatMap((n) => [n.pid, n.lastExit?.pid]).filter((p): p is number => typeof p === 'number')
  return [...new Set(pids)].filter((pid) => {
    const cmd = pidCommandLine(pid)
    return pidAlive(pid) && cmd !== null && cmd.includes(NODE_MAIN) && cmd.includes(cluster.paths.dir)
  })
}

/** SIGKILL that tolerates a process already gone; false when it was. */
function killQuietly(pid: number): boolean {
  try {
    process.kill(pid, 'SIGKILL')
    return true
  } catch {
    return false
  }
}

/** SIGTERM to the supervisor (which stops its nodes, SIGKILL after its timeout); then no process of the cluster is left. */
export async function stopCluster(dir: string, options: {timeoutMs?: number; purge?: boolean} = {}): Promise<StopResult> {
  const cluster = openCluster(dir)
  const timeoutMs = options.timeoutMs ?? 15_000
  let supervisorStopped = false
  if (cluster.supervisorPid !== null) {
    process.kill(cluster.supervisorPid, 'SIGTERM')
    supervisorStopped = await waitPidsGone([cluster.supervisorPid], timeoutMs)
    if (!supervisorStopped) killQuietly(cluster.supervisorPid)
  }
  const after = openCluster(dir)
  const killed = leftoverNodes(after)
  for (const pid of killed) if (!killQuietly(-pid)) killQuietly(pid)
  await waitPidsGone(killed, 5000)
  if (options.purge) rmSync(cluster.paths.dir, {recursive: true, force: true})
  return {dir: cluster.paths.dir, supervisorStopped, killed, purged: options.purge ?? false}
}
