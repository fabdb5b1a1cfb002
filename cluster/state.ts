import {readFileSync, renameSync, writeFileSync} from 'node:fs'
import type {Flavour, NodeRole} from './spec.js'

/** A node's lifecycle as the supervisor sees it. */
export type NodeHealth = 'starting' | 'healthy' | 'unhealthy' | 'backoff' | 'stopping' | 'stopped'

export interface NodeExit {
  at: string
  pid: number
  code: number | null
  signal: string | null
}

/** What a node answers on GET /health (and the supervisor keeps of it). */
export interface NodeHealthReport {
  healthy: boolean
  /** Role-specific facts: leader, term, applied index, partitions, checkpoints, bulk-load tasks... */
  detail: Record<string, unknown>
  /** Fault scenarios the node survived (with --fixed), newest last. */
  survived: {scenario: string; at: string; detail: string}[]
}

export interface NodeState {
  id: string
  role: NodeRole
  flavour: Flavour
  port: number
  pid: number | null
  health: NodeHealth
  startedAt: string | null
  restarts: number
  lastExit: NodeExit | null
  report: NodeHealthReport | null
  log: string
}

/** state.json: the supervisor's view, rewritten atomically on every change. */
export interface ClusterState {
  supervisorPid: number
  startedAt: string
  updatedAt: string
  /** The supervisor is stopping every node (down). */
  stopping: boolean
  nodes: NodeState[]
  workload: {rate: number; ops: number; errors: number}
}

export function writeState(file: string, state: ClusterState): void {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(state, null, 2))
  renameSync(tmp, file)
}

export function readState(file: string): ClusterState | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ClusterState
  } catch {
    return null
  }
}
