import {readFileSync} from 'node:fs'
import {setTimeout as sleep} from 'node:timers/promises'
import {ClusterError} from './errors.js'
import type {ClusterPaths} from './layout.js'
import {pidAlive} from './pid.js'
import {readState, type ClusterState} from './state.js'

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log yet)'
  }
}

/** Resolves with the state once every node is healthy; names the first unhealthy node, with its last log lines, on timeout. */
export async function waitClusterHealthy(paths: ClusterPaths, supervisorPid: number, timeoutMs: number): Promise<ClusterState> {
  const deadline = Date.now() + timeoutMs
  let state: ClusterState | null = null
  while (Date.now() < deadline) {
    if (!pidAlive(supervisorPid)) {
      throw new ClusterError('the supervisor stopped while the cluster was starting', 'cluster-supervisor-died', `its log ends:\n${tail(paths.supervisorLog, 10)}`)
    }
    state = readState(paths.state)
    if (state && state.supervisorPid === supervisorPid && state.nodes.every((n) => n.health === 'healthy')) return state
    await sleep(25)
  }
  const failing = state?.nodes.find((n) => n.health !== 'healthy')
  if (!failing) throw new ClusterError(`the supervisor wrote no state within ${timeoutMs} ms`, 'cluster-unhealthy', `its log ends:\n${tail(paths.supervisorLog, 10)}`)
  throw new ClusterError(
    `${failing.id} (${failing.role}, port ${failing.port}) is not healthy after ${timeoutMs / 1000} s: ${failing.health}${failing.lastExit ? `, last exit ${failing.lastExit.signal ?? `code ${failing.lastExit.code}`}` : ''}`,
    'cluster-unhealthy',
    `its log (${failing.log}) ends:\n${tail(failing.log, 12)}`,
  )
}
