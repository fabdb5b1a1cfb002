// The monitor's model: pure functions from store deltas and cluster status to what its views show.
import type {CrashGroup, LiveCrash, LiveDelta, LiveLine, NodeCrashes} from '../../analyzer/store/live-read.js'
import {FAULT_SCENARIOS} from '../../cluster/faults.js'

/** Lines kept in memory for the Logs view: filters and scrolling work on these. */
export const MAX_BUFFERED_LINES = 5000
/** Log rates are lines that arrived over this window. */
export const RATE_WINDOW_MS = 10_000

export interface MonitorLine {
  key: string
  source: string
  lineNo: number
  ts: number | null
  level: string | null
  node: string | null
  text: string
}

export interface CrashGroupEntry {
  fingerprint: string
  count: number
  lastId: number
  lastTs: number | null
  node: string | null
  kind: string
  rule: string | null
  confidence: number | null
  /** Its first crash arrived while the monitor was open. */
  isNew: boolean
}

export interface LastCrash {
  id: number
  kind: string
  rule: string | null
  ts: number | null
}

/** What the Nodes view needs of a cluster node: a subset of NodeStatus (cli/services/status.ts). */
export interface ClusterNodeView {
  id: string
  role: string
  port: number
  pid: number | null
  health: string
  uptimeMs: number | null
  restarts: number
  lastCrash: LastCrash | null
}

export interface ClusterNodesView {
  running: boolean
  fixed: boolean
  nodes: ClusterNodeView[]
}

/** What the monitor knows of the store: updated incrementally by applyDelta. */
export interface MonitorData {
  startedAt: number
  lines: MonitorLine[]
  /** Lines stored since the monitor opened. */
  newLines: number
  crashes: LiveCrash[]
  groups: CrashGroupEntry[]
  /** The last crash id when the monitor opened: groups first seen after it are new. */
  baselineCrashId: number | null
  nodeCrashes: Map<string, {crashes: number; last: LastCrash}>
  storeNodes: Set<string>
  arrivals: {at: number; counts: Map<string | null, number>}[]
  sources: Map<number, string>
}

export function emptyData(now = Date.now()): MonitorData {
  return {startedAt: now, lines: [], newLines: 0, crashes: [], groups: [], baselineCrashId: null, nodeCrashes: new Map(), storeNodes: new Set(), arrivals: [], sources: new Map()}
}

/** Orders one poll's lines across sources by time; lines without one keep their source's last time. */
function orderedLines(delta: LiveDelta): MonitorLine[] {
  const lastTs = new Map<number, number>()
  const keyed = delta.lines.map((l: LiveLine, i) => {
    const ts = l.ts ?? lastTs.get(l.source_id) ?? (delta.initial ? -Infinity : Infinity)
    if (l.ts !== null) lastTs.set(l.source_id, l.ts)
    return {l, ts, i}
  })
  keyed.sort((a, b) => a.ts - b.ts || a.i - b.i)
  return keyed.map(({l}) => ({key: `${l.source_id}:${l.line_no}`, source: delta.sources.get(l.source_id) ?? String(l.source_id), lineNo: l.line_no, ts: l.ts, level: l.level, node: l.node, text: l.text}))
}

function groupEntry(g: CrashGroup, baseline: number): CrashGroupEntry {
  return {fingerprint: g.fingerprint, count: g.count, lastId: g.last_id, lastTs: g.last_ts, node: g.node, kind: g.kind, rule: g.rule, confidence: g.confidence, isNew: g.first_id > baseline}
}

function nodeCrashMap(rows: NodeCrashes[]): MonitorData['nodeCrashes'] {
  return new Map(rows.map((r) => [r.node, {crashes: r.crashes, last: {id: r.last_id, kind: r.kind, rule: r.rule, ts: r.ts}}]))
}

/** The data after one poll's delta: pure, so the monitor's model is testable without a terminal. */
export function applyDelta(data: MonitorData, delta: LiveDelta, now = Date.now()): MonitorData {
  const baseline = data.baselineCrashId ?? (delta.groups ?? []).reduce((max, g) => Math.max(max, g.last_id), 0)
  const added = orderedLines(delta)
  const lines = added.length === 0 ? data.lines : [...data.lines, ...added].slice(-MAX_BUFFERED_LINES)
  const counted = [...delta.lineCounts.values()].reduce((a, b) => a + b, 0)
  const arrivals = data.arrivals.filter((a) => now - a.at < RATE_WINDOW_MS)
  if (counted > 0) arrivals.push({at: now, counts: delta.lineCounts})
  const storeNodes = new Set([...data.storeNodes, ...delta.nodes, ...(delta.nodeCrashes ?? []).map((n) => n.node)])
  return {
    ...data,
    lines,
    newLines: data.newLines + counted,
    crashes: delta.crashes.length === 0 ? data.crashes : [...delta.crashes.slice().reverse(), ...data.crashes].slice(0, MAX_BUFFERED_LINES),
    groups: delta.groups ? delta.groups.map((g) => groupEntry(g, baseline)) : data.groups,
    baselineCrashId: baseline,
    nodeCrashes: delta.nodeCrashes ? nodeCrashMap(delta.nodeCrashes) : data.nodeCrashes,
    storeNodes,
    arrivals,
    sources: delta.sources,
  }
}

/** Lines per second of each node over the rate window (or since the monitor opened, if sooner). */
export function lineRates(data: MonitorData, now = Date.now()): Map<string | null, number> {
  const seconds = Math.max(1, Math.min(RATE_WINDOW_MS, now - data.startedAt)) / 1000
  const rates = new Map<string | null, number>()
  for (const a of data.arrivals) {
    if (now - a.at >= RATE_WINDOW_MS) continue
    for (const [node, n] of a.counts) rates.set(node, (rates.get(node) ?? 0) + n / seconds)
  }
  return rates
}

export interface NodeRow {
  id: string
  role: string | null
  pid: number | null
  port: number | null
  health: string | null
  uptimeMs: number | null
  restarts: number | null
  linesPerSecond: number
  crashes: number
  lastCrash: LastCrash | null
}

/** The Nodes view: the cluster's nodes (when there is one) merged with the store's figures, else the store's nodes. */
export function nodeRows(data: MonitorData, cluster: ClusterNodesView | null, now = Date.now()): NodeRow[] {
  const rates = lineRates(data, now)
  const fromStore = (id: string): Pick<NodeRow, 'linesPerSecond' | 'crashes' | 'lastCrash'> => {
    const c = data.nodeCrashes.get(id)
    return {linesPerSecond: rates.get(id) ?? 0, crashes: c?.crashes ?? 0, lastCrash: c?.last ?? null}
  }
  const rows: NodeRow[] = (cluster?.nodes ?? []).map((n) => {
    const store = fromStore(n.id)
    return {id: n.id, role: n.role, pid: n.pid, port: n.port, health: n.health, uptimeMs: n.uptimeMs, restarts: n.restarts, ...store, lastCrash: store.lastCrash ?? n.lastCrash}
  })
  const known = new Set(rows.map((r) => r.id))
  const others = [...data.storeNodes].filter((id) => !known.has(id)).sort()
  return [...rows, ...others.map((id) => ({id, role: null, pid: null, port: null, health: null, uptimeMs: null, restarts: null, ...fromStore(id)}))]
}

const LEVEL_RANK: Record<string, number> = {T: 0, D: 0, V: 0, I: 1, N: 1, W: 2, E: 3, F: 4, C: 4, P: 4, A: 4}

/** Severity of a level word or letter (DEBUG 0 ... FATAL 4); unknown or none counts as INFO. */
export function levelRank(level: string | null): number {
  return level === null ? 1 : (LEVEL_RANK[level.charAt(0).toUpperCase()] ?? 1)
}

export interface LineFilter {
  text: string
  /** Lines at or above this rank (see levelRank); 0 keeps all. */
  minLevel: number
  node: string | null
}

/** The buffered lines a Logs view filter keeps (case-insensitive substring over node and text). */
export function filterLines(lines: readonly MonitorLine[], filter: LineFilter): MonitorLine[] {
  const needle = filter.text.toLowerCase()
  return lines.filter((l) => (filter.node === null || l.node === filter.node)
    && (filter.minLevel === 0 || levelRank(l.level) >= filter.minLevel)
    && (needle === '' || l.text.toLowerCase().includes(needle) || (l.node ?? '').toLowerCase().includes(needle)))
}

export interface FaultChoice {
  id: string
  title: string
  targets: string[]
}

/** Fault scenarios with the nodes (of a role that can run each) they may target. */
export function faultChoices(cluster: ClusterNodesView | null): FaultChoice[] {
  const nodes = cluster?.nodes ?? []
  return FAULT_SCENARIOS.map((s) => ({id: s.id, title: s.title, targets: nodes.filter((n) => (s.roles as readonly string[]).includes(n.role)).map((n) => n.id)}))
    .filter((c) => c.targets.length > 0)
}
