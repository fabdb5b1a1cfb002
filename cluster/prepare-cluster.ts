import {accessSync, constants, existsSync, mkdirSync, statfsSync, writeFileSync} from 'node:fs'
import {ClusterError} from './errors.js'
import {clusterPaths, type ClusterPaths} from './layout.js'
import {livePidFromFile} from './pid.js'
import {createClusterDir, type PlanOptions} from './plan.js'
import {pickPorts, portFree} from './ports.js'
import {planNodes, readSpec, type ClusterSpec} from './spec.js'

/** Space the cluster needs to start: logs, WALs, checkpoints, the store. */
const MIN_FREE_BYTES = 256 << 20

export interface PreparedCluster {
  paths: ClusterPaths
  spec: ClusterSpec
  /** A new directory was made (else an existing cluster.json is started again). */
  created: boolean
  /** Ports that were taken and replaced (and persisted in cluster.json). */
  movedPorts: {node: string; from: number; to: number}[]
}

function preflightDir(paths: ClusterPaths): void {
  try {
    mkdirSync(paths.dir, {recursive: true})
    accessSync(paths.dir, constants.W_OK)
  } catch (error) {
    throw new ClusterError(`cannot write the cluster directory ${paths.dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'cluster-dir-unwritable', 'pick a writable place with --dir')
  }
  const fs = statfsSync(paths.dir)
  const free = fs.bavail * fs.bsize
  if (free < MIN_FREE_BYTES) {
    throw new ClusterError(`only ${Math.round(free / 2 ** 20)} MB free under ${paths.dir}; the cluster needs ${MIN_FREE_BYTES >> 20} MB`, 'cluster-no-space', 'free some space or pick another --dir')
  }
}

/** Ports of a stopped cluster that something else took meanwhile get free ones (persisted). */
async function movePorts(paths: ClusterPaths, spec: ClusterSpec): Promise<PreparedCluster['movedPorts']> {
  const moved: PreparedCluster['movedPorts'] = []
  const used = new Set(spec.nodes.map((n) => n.port))
  for (const node of spec.nodes) {
    if (await portFree(node.port)) continue
    let to = node.port
    while (used.has(to)) to = (await pickPorts(1, 0))[0] as number
    used.add(to)
    moved.push({node: node.id, from: node.port, to})
    node.port = to
  }
  if (moved.length > 0) writeFileSync(paths.spec, `${JSON.stringify(spec, null, 2)}\n`)
  return moved
}

/** Makes the cluster directory ready to start: checks it, plans it (or re-plans a stopped one), frees its ports. */
export async function prepareCluster(dir: string, options: PlanOptions): Promise<PreparedCluster> {
  const paths = clusterPaths(dir)
  const running = livePidFromFile(paths.supervisorPid)
  if (running !== null) {
    throw new ClusterError(`a cluster is already running in ${paths.dir} (supervisor pid ${running})`, 'cluster-running', `see it with: storctl status --dir ${dir}; stop it with: storctl down --dir ${dir}`)
  }
  preflightDir(paths)
  if (!existsSync(paths.spec)) {
    const {spec} = await createClusterDir(dir, options)
    return {paths, spec, created: true, movedPorts: []}
  }
  const spec = readSpec(paths.spec)
  const wanted = planNodes(options.topology).map((n) => n.id).join(',')
  if (wanted !== spec.nodes.map((n) => n.id).join(',')) {
    throw new ClusterError(`${paths.dir} holds a cluster of another topology (${spec.nodes.length} nodes)`, 'cluster-topology-differs', `remove it first with: storctl down --purge --dir ${dir}, or pick another --dir`)
  }
  spec.fixed = options.fixed
  spec.workloadRate = options.workloadRate
  writeFileSync(paths.spec, `${JSON.stringify(spec, null, 2)}\n`)
  return {paths, spec, created: false, movedPorts: await movePorts(paths, spec)}
}
