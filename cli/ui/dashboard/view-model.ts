// What each dashboard widget shows, as plain data: no blessed here, so all of it is unit-tested.
import type {DashboardData, KindCount, NodeRate, RecentCrash, TailLine} from '../../../analyzer/store/dashboard-read.js'
import {neutralise} from '../sanitize.js'

/** A node for the node table: what the store knows, plus what the cluster supervisor says (with --dir). */
export interface DashboardNode {
  node: string
  role: string | null
  health: string | null
  uptimeMs: number | null
  restarts: number | null
  lines: number
  lastLineTs: number | null
  crashes: number
  lastCrash: {kind: string; ts: number | null} | null
}

export interface DashboardInput extends Omit<DashboardData, 'nodes'> {
  nodes: DashboardNode[]
  windowSeconds: number
}

export interface LineSeries { title: string; x: string[]; y: number[]; style: {line: string} }
export interface TextTable { headers: string[]; rows: string[][] }

export interface DashboardView {
  rates: {title: string; series: LineSeries[]}
  kinds: {title: string; titles: string[]; data: number[]}
  known: {title: string; slices: {label: string; percent: number; color: string}[]}
  nodes: {title: string; table: TextTable}
  recent: {title: string; table: TextTable}
  tail: {title: string; lines: string[]}
}

const SERIES_COLORS = ['yellow', 'green', 'cyan', 'magenta', 'red', 'blue'] as const
/** Cells are bounded before layout so a hostile 1 MB line costs nothing downstream. */
const MAX_CELL = 64
const MAX_LINE = 512
/** Node names are often log file names: long enough to tell them apart, short enough to leave room. */
const NODE_CELL = 24

/** Untrusted text made safe for a terminal and cut to `width` columns. */
export function cleanText(text: string, width: number): string {
  const safe = neutralise(text.replace(/\t/g, '  '))
  const chars = [...safe]
  return chars.length <= width ? safe : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`
}

/** A node name for narrow cells: a log file's base name stands for the node that wrote it. */
export function nodeLabel(node: string, width = MAX_CELL): string {
  return cleanText(node.includes('/') ? node.slice(node.lastIndexOf('/') + 1) : node, width)
}

export const clock = (ts: number | null): string => (ts === null ? '-' : new Date(ts).toISOString().slice(11, 19))
const stamp = (ts: number | null): string => (ts === null ? '-' : new Date(ts).toISOString().slice(5, 19).replace('T', ' '))

/** Compact durations for the uptime column: 45s, 12m, 3h, 2d. */
export function duration(ms: number | null): string {
  if (ms === null) return '-'
  const s = Math.floor(ms / 1000)
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m` : s < 86_400 ? `${Math.floor(s / 3600)}h` : `${Math.floor(s / 86_400)}d`
}

/** One series per node (the busiest first; the rest summed as "other"), a point per second, zeros filled. */
export function rateSeries(rates: NodeRate[], window: DashboardInput['window']): LineSeries[] {
  if (window === null) return []
  const seconds = window.lastSecond - window.firstSecond + 1
  const perNode = new Map<string, number[]>()
  for (const r of rates) {
    const i = r.second - window.firstSecond
    if (i < 0 || i >= seconds) continue
    const y = perNode.get(r.node) ?? new Array<number>(seconds).fill(0)
    y[i]! += r.lines
    perNode.set(r.node, y)
  }
  const total = (y: number[]) => y.reduce((a, b) => a + b, 0)
  const ranked = [...perNode].sort(([a, ya], [b, yb]) => total(yb) - total(ya) || a.localeCompare(b))
  const shown = ranked.length > SERIES_COLORS.length ? ranked.slice(0, SERIES_COLORS.length - 1) : ranked
  const rest = ranked.slice(shown.length)
  if (rest.length > 0) shown.push([`other (${rest.length})`, rest.reduce((sum, [, y]) => sum.map((v, i) => v + y[i]!), new Array<number>(seconds).fill(0))])
  const x = Array.from({length: seconds}, (_, i) => String(i - seconds + 1))
  return shown.map(([node, y], i) => ({title: nodeLabel(node, 12), x, y, style: {line: SERIES_COLORS[i]!}}))
}

/** Bars by count, most frequent first (the query's order). */
export function kindBars(kinds: KindCount[]): {titles: string[]; data: number[]} {
  return {titles: kinds.map((k) => cleanText(k.kind, MAX_CELL)), data: kinds.map((k) => k.crashes)}
}

/** Bars spread over `width` columns (7 to 14 each); what does not fit is summed into a last "+N" bar. */
export function fitBars(bars: {titles: string[]; data: number[]}, width: number): {titles: string[]; data: number[]; barSpacing: number; barWidth: number} {
  const barSpacing = Math.max(7, Math.min(14, Math.floor(width / Math.max(1, bars.data.length))))
  const room = Math.max(1, Math.floor(width / barSpacing))
  const fit = {barSpacing, barWidth: barSpacing - 3}
  const label = (t: string) => cleanText(t, barSpacing - 1)
  if (bars.data.length <= room) return {titles: bars.titles.map(label), data: bars.data, ...fit}
  const kept = room - 1
  const rest = bars.data.slice(kept).reduce((a, b) => a + b, 0)
  return {titles: [...bars.titles.slice(0, kept).map(label), label(`+${bars.data.length - kept}`)], data: [...bars.data.slice(0, kept), rest], ...fit}
}

/** Known vs unknown root cause, in whole percents that add up to 100 (0 and 0 when nothing crashed). */
export function knownSlices(kinds: KindCount[]): {known: number; total: number; slices: DashboardView['known']['slices']} {
  const total = kinds.reduce((a, k) => a + k.crashes, 0)
  const known = kinds.reduce((a, k) => a + k.known, 0)
  const knownPercent = total === 0 ? 0 : Math.round((known / total) * 100)
  const unknownPercent = total === 0 ? 0 : 100 - knownPercent
  return {known, total, slices: [{label: 'known', percent: knownPercent, color: 'green'}, {label: 'unknown', percent: unknownPercent, color: 'red'}]}
}

/** Node rows; the cluster columns appear only when some node has a role (a cluster dir). */
export function nodeTable(nodes: DashboardNode[]): TextTable {
  const cluster = nodes.some((n) => n.role !== null)
  // Crash columns before line columns: a narrow screen cuts the right end.
  const store = ['crashes', 'last crash', 'lines', 'last line']
  const headers = ['node', ...(cluster ? ['role', 'health', 'up', 'rst'] : []), ...store]
  const rows = nodes.map((n) => {
    const last = n.lastCrash ? `${cleanText(n.lastCrash.kind, MAX_CELL)} ${clock(n.lastCrash.ts)}` : '-'
    const counts = [String(n.crashes), last, String(n.lines), clock(n.lastLineTs)]
    const status = [cleanText(n.role ?? '-', MAX_CELL), cleanText(n.health ?? '-', MAX_CELL), duration(n.uptimeMs), n.restarts === null ? '-' : String(n.restarts)]
    return [nodeLabel(n.node, NODE_CELL), ...(cluster ? status : []), ...counts]
  })
  return {headers, rows}
}

/** Newest first, as storctl crashes lists them. */
export function recentTable(recent: RecentCrash[]): TextTable {
  const rows = recent.map((c) => [String(c.id), stamp(c.ts), nodeLabel(c.node, NODE_CELL), cleanText(c.kind, MAX_CELL), cleanText(c.rule ?? 'unknown', MAX_CELL), c.confidence === null ? '-' : c.confidence.toFixed(2)])
  return {headers: ['id', 'time', 'node', 'kind', 'root cause', 'conf'], rows}
}

export function tailLines(tail: TailLine[]): string[] {
  return tail.map((l) => cleanText(`${clock(l.ts)} ${nodeLabel(l.node, NODE_CELL)} ${l.text}`, MAX_LINE))
}

/** Columns sized to their widest cell, the last one taking what is left; every line at most `width`. */
export function layoutTable(table: TextTable, width: number): string[] {
  const widths = table.headers.map((h, i) => Math.max([...h].length, ...table.rows.map((r) => [...(r[i] ?? '')].length)))
  const line = (cells: string[]) => cleanText(cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join(' '), width).trimEnd()
  return [line(table.headers), ...table.rows.map(line)]
}

/** The last `height` lines, each cut to `width` columns. */
export function fitLines(lines: string[], width: number, height: number): string[] {
  return lines.slice(-Math.max(0, height)).map((l) => cleanText(l, width))
}

export function buildDashboardView(input: DashboardInput): DashboardView {
  const {known, total, slices} = knownSlices(input.kinds)
  const span = input.window ? ` to ${clock(input.window.lastSecond * 1000)}` : ', no timed lines'
  return {
    rates: {title: `lines/s per node (last ${input.windowSeconds} s${span})`, series: rateSeries(input.rates, input.window)},
    kinds: {title: `crash kinds (${total})`, ...kindBars(input.kinds)},
    known: {title: `known vs unknown ${known}/${total}`, slices},
    nodes: {title: `nodes (${input.nodes.length})`, table: nodeTable(input.nodes)},
    recent: {title: 'recent crashes', table: recentTable(input.recent)},
    tail: {title: 'log tail', lines: tailLines(input.tail)},
  }
}
