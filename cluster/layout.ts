import path from 'node:path'

/** Where everything of one reference cluster lives, under its directory. */
export interface ClusterPaths {
  dir: string
  /** The cluster's plan: topology, ports, --fixed (cluster.json). */
  spec: string
  /** The admin token, mode 0600. */
  token: string
  /** The supervisor's pid while it runs. */
  supervisorPid: string
  /** The supervisor's own log (start, exits, restarts of nodes). */
  supervisorLog: string
  /** What the supervisor knows now: pids, health, restarts, last exits (state.json). */
  state: string
  /** The store the supervisor's ingest writes. */
  db: string
  /** One `<node>.log` per node: its stdout and stderr. */
  logs: string
  /** Core-dump traces: `<node>.<pid>.gdb.txt`. */
  cores: string
  /** One data directory per node. */
  data: string
  /** The bulk-load "remote" storage the replica servers download sst files from. */
  remote: string
}

export function clusterPaths(dir: string): ClusterPaths {
  const root = path.resolve(dir)
  return {
    dir: root,
    spec: path.join(root, 'cluster.json'),
    token: path.join(root, 'token'),
    supervisorPid: path.join(root, 'supervisor.pid'),
    supervisorLog: path.join(root, 'supervisor.log'),
    state: path.join(root, 'state.json'),
    db: path.join(root, 'storctl.db'),
    logs: path.join(root, 'logs'),
    cores: path.join(root, 'cores'),
    data: path.join(root, 'data'),
    remote: path.join(root, 'remote'),
  }
}

export function nodeLogPath(paths: ClusterPaths, nodeId: string): string {
  return path.join(paths.logs, `${nodeId}.log`)
}

export function nodeDataDir(paths: ClusterPaths, nodeId: string): string {
  return path.join(paths.data, nodeId)
}

/** Where a node's core-dump trace goes: the ingest links it to the node's log crash by node and pid. */
export function coreTracePath(paths: ClusterPaths, nodeId: string, pid: number): string {
  return path.join(paths.cores, `${nodeId}.${pid}.gdb.txt`)
}
