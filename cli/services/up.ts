import {spawn} from 'node:child_process'
import {closeSync, openSync} from 'node:fs'
import path from 'node:path'
import {DEFAULT_TOPOLOGY, prepareCluster, waitClusterHealthy, type NodeState, type Topology} from '../../cluster/index.js'

export interface UpOptions {
  dir: string
  topology: Topology
  fixed: boolean
  workloadRate: number
  basePort: number
  /** How long nodes get to report healthy. */
  timeoutMs: number
  /** The storctl binary that runs `supervise` (cli/bin/run.js). */
  bin: string
  ruleDirs: readonly string[]
}

export interface UpResult {
  dir: string
  db: string
  logs: string
  cores: string
  supervisorPid: number
  created: boolean
  fixed: boolean
  /** From `up` to every node healthy. */
  startMs: number
  movedPorts: {node: string; from: number; to: number}[]
  nodes: Pick<NodeState, 'id' | 'role' | 'flavour' | 'port' | 'pid' | 'health' | 'log'>[]
}

export {DEFAULT_TOPOLOGY}

/** Starts the supervisor detached (it outlives this command), then waits for every node to be healthy. */
export async function up(options: UpOptions): Promise<UpResult> {
  const began = Date.now()
  const prepared = await prepareCluster(options.dir, {topology: options.topology, fixed: options.fixed, workloadRate: options.workloadRate, basePort: options.basePort})
  const {paths} = prepared
  const log = openSync(paths.supervisorLog, 'a')
  const rules = options.ruleDirs.flatMap((d) => ['--rules', path.resolve(d)])
  const child = spawn(process.execPath, [options.bin, 'supervise', '--dir', paths.dir, ...rules], {detached: true, stdio: ['ignore', log, log], cwd: paths.dir})
  closeSync(log)
  child.unref()
  const pid = child.pid as number
  const state = await waitClusterHealthy(paths, pid, options.timeoutMs)
  return {
    dir: paths.dir, db: paths.db, logs: paths.logs, cores: paths.cores, supervisorPid: pid, created: prepared.created, fixed: prepared.spec.fixed,
    startMs: Date.now() - began, movedPorts: prepared.movedPorts,
    nodes: state.nodes.map(({id, role, flavour, port, pid: nodePid, health, log: nodeLog}) => ({id, role, flavour, port, pid: nodePid, health, log: nodeLog})),
  }
}
