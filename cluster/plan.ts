import {randomBytes} from 'node:crypto'
import {chmodSync, mkdirSync, writeFileSync} from 'node:fs'
import {clusterPaths, nodeDataDir, type ClusterPaths} from './layout.js'
import {pickPorts} from './ports.js'
import {planNodes, type ClusterSpec, type Topology} from './spec.js'

export interface PlanOptions {
  topology: Topology
  fixed: boolean
  workloadRate: number
  /** First port to try; taken ones are replaced by free ones the kernel picks. */
  basePort: number
}

/** Writes a new cluster directory: cluster.json with free ports, the token (0600), and every node's dirs. */
export async function createClusterDir(dir: string, options: PlanOptions): Promise<{paths: ClusterPaths; spec: ClusterSpec}> {
  const paths = clusterPaths(dir)
  const planned = planNodes(options.topology)
  const ports = await pickPorts(planned.length, options.basePort)
  const spec: ClusterSpec = {
    version: 1,
    createdAt: new Date().toISOString(),
    fixed: options.fixed,
    workloadRate: options.workloadRate,
    nodes: planned.map((node, i) => ({...node, port: ports[i] as number})),
  }
  for (const d of [paths.dir, paths.logs, paths.cores, paths.data, paths.remote]) mkdirSync(d, {recursive: true})
  for (const node of spec.nodes) mkdirSync(nodeDataDir(paths, node.id), {recursive: true})
  writeFileSync(paths.token, `${randomBytes(24).toString('hex')}\n`, {mode: 0o600})
  chmodSync(paths.token, 0o600)
  writeFileSync(paths.spec, `${JSON.stringify(spec, null, 2)}\n`)
  return {paths, spec}
}
