import {readFileSync} from 'node:fs'

/** The two systems the reference cluster mirrors. */
export type Flavour = 'cubefs' | 'pegasus'
export type NodeRole = 'master' | 'datanode' | 'meta' | 'replica'

export const ROLE_FLAVOUR: Record<NodeRole, Flavour> = {master: 'cubefs', datanode: 'cubefs', meta: 'pegasus', replica: 'pegasus'}

export interface NodeSpec {
  /** `master1`, `datanode2`, `meta1`, `replica3`: also the log and core file names. */
  id: string
  role: NodeRole
  flavour: Flavour
  /** Its one port on 127.0.0.1: admin endpoints and node-to-node RPC. */
  port: number
}

export interface Topology {
  masters: number
  datanodes: number
  /** Pegasus-like replica servers (one meta server goes with them). */
  replicas: number
}

export const DEFAULT_TOPOLOGY: Topology = {masters: 3, datanodes: 3, replicas: 3}

/** cluster.json: written once by `up`, read by the supervisor, every node and every command. */
export interface ClusterSpec {
  version: 1
  createdAt: string
  /** Nodes run the remediated code paths (they survive the fault scenarios). */
  fixed: boolean
  /** Workload operations per second across the cluster (0: no traffic). */
  workloadRate: number
  nodes: NodeSpec[]
}

/** Node ids in start order: the metadata quorum first, then the nodes that register with it. */
export function planNodes(topology: Topology): Omit<NodeSpec, 'port'>[] {
  const nodes: Omit<NodeSpec, 'port'>[] = []
  const add = (role: NodeRole, count: number) => {
    for (let i = 1; i <= count; i++) nodes.push({id: `${role}${i}`, role, flavour: ROLE_FLAVOUR[role]})
  }
  add('master', topology.masters)
  add('datanode', topology.datanodes)
  if (topology.replicas > 0) add('meta', 1)
  add('replica', topology.replicas)
  return nodes
}

export function readSpec(file: string): ClusterSpec {
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterSpec
}

export function nodesWithRole(spec: ClusterSpec, role: NodeRole): NodeSpec[] {
  return spec.nodes.filter((n) => n.role === role)
}
