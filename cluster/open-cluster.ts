import {existsSync, readFileSync} from 'node:fs'
import {ClusterError} from './errors.js'
import {clusterPaths, type ClusterPaths} from './layout.js'
import {livePidFromFile} from './pid.js'
import {readSpec, type ClusterSpec} from './spec.js'
import {readState, type ClusterState} from './state.js'

export interface OpenedCluster {
  paths: ClusterPaths
  spec: ClusterSpec
  token: string
  /** The running supervisor's pid, or null when the cluster is down. */
  supervisorPid: number | null
  /** The supervisor's last word (it may be stale when it is down). */
  state: ClusterState | null
}

/** A cluster directory made by `up`; a ClusterError when there is none. */
export function openCluster(dir: string): OpenedCluster {
  const paths = clusterPaths(dir)
  if (!existsSync(paths.spec)) {
    throw new ClusterError(`${paths.dir} is not a storctl cluster (no cluster.json)`, 'cluster-missing', `start one with: storctl up --dir ${dir}`)
  }
  const spec = readSpec(paths.spec)
  const token = readFileSync(paths.token, 'utf8').trim()
  return {paths, spec, token, supervisorPid: livePidFromFile(paths.supervisorPid), state: readState(paths.state)}
}

/** Like openCluster, but the supervisor must be running. */
export function openRunningCluster(dir: string): OpenedCluster & {supervisorPid: number; state: ClusterState} {
  const cluster = openCluster(dir)
  if (cluster.supervisorPid === null || cluster.state === null) {
    throw new ClusterError(`the cluster in ${cluster.paths.dir} is not running`, 'cluster-down', `start it with: storctl up --dir ${dir}`)
  }
  return cluster as OpenedCluster & {supervisorPid: number; state: ClusterState}
}
