import {existsSync} from 'node:fs'
import {openCluster, type NodeExit, type NodeHealth, type NodeState} from '../../cluster/index.js'
import type {NodeCrashes} from '../../analyzer/store/live-read.js'
import {crashesByNode} from './store.js'

export interface NodeStatus {
  id: string
  role: NodeState['role']
  flavour: NodeState['flavour']
  port: number
  pid: number | null
  health: NodeHealth
  startedAt: string | null
  uptimeMs: number | null
  restarts: number
  lastExit: NodeExit | null
  lastCrash: {id: number; kind: string; rule: string | null; confidence: number | null; ts: number | null} | null
  /** What the node itself says (leader, partitions, checkpoints...). */
  detail: Record<string, unknown>
  log: string
}

export interface ClusterStatus {
  dir: string
  db: string
  running: boolean
  supervisorPid: number | null
  fixed: boolean
  workload: {rate: number; ops: number; errors: number} | null
  nodes: NodeStatus[]
}

function lastCrashOf(byNode: readonly NodeCrashes[], node: string): NodeStatus['lastCrash'] {
  const c = byNode.find((x) => x.node === node)
  return c ? {id: c.last_id, kind: c.kind, rule: c.rule, confidence: c.confidence, ts: c.ts} : null
}

/** The cluster as its supervisor and its store know it; a stopped cluster shows its last state. */
export function clusterStatus(dir: string, now = Date.now()): ClusterStatus {
  const cluster = openCluster(dir)
  const running = cluster.supervisorPid !== null
  const crashes = existsSync(cluster.paths.db) ? crashesByNode(cluster.paths.db) : []
  const known = new Map((cluster.state?.nodes ?? []).map((n) => [n.id, n]))
  const nodes = cluster.spec.nodes.map((spec): NodeStatus => {
    const s = known.get(spec.id)
    const live = running && s?.pid != null
    return {
      id: spec.id, role: spec.role, flavour: spec.flavour, port: spec.port,
      pid: live ? s!.pid : null, health: running ? (s?.health ?? 'starting') : 'stopped',
      startedAt: live ? s!.startedAt : null, uptimeMs: live && s!.startedAt ? now - Date.parse(s!.startedAt) : null,
      restarts: s?.restarts ?? 0, lastExit: s?.lastExit ?? null, lastCrash: lastCrashOf(crashes, spec.id),
      detail: s?.report?.detail ?? {}, log: s?.log ?? '',
    }
  })
  return {
    dir: cluster.paths.dir, db: cluster.paths.db, running, supervisorPid: cluster.supervisorPid, fixed: cluster.spec.fixed,
    workload: running ? cluster.state?.workload ?? null : null, nodes,
  }
}
