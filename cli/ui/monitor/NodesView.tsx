import type {NodeRow} from '../../services/monitor-model.js'
import {Table, type Column} from './Table.js'
import {duration, orDash, rate} from './text.js'

const COLUMNS: readonly Column[] = [
  {title: 'NODE', width: 10}, {title: 'ROLE', width: 8}, {title: 'PID', width: 7}, {title: 'PORT', width: 5}, {title: 'HEALTH', width: 9},
  {title: 'UPTIME', width: 6}, {title: 'RST', width: 3}, {title: 'LOG RATE', width: 8}, {title: 'LAST CRASH', width: 0},
]

function lastCrash(row: NodeRow): string {
  if (row.lastCrash === null) return '-'
  const c = row.lastCrash
  return `#${c.id} ${c.kind} ${c.rule ?? 'unknown'}${row.crashes > 1 ? ` (${row.crashes} crashes)` : ''}`
}

interface NodesViewProps {
  rows: readonly NodeRow[]
  cursor: number
  height: number
  width: number
}

/** Every node: what the cluster says of it (when there is one) and what the store saw of it. */
export function NodesView({rows, cursor, height, width}: NodesViewProps) {
  const cells = rows.map((r) => [r.id, orDash(r.role), orDash(r.pid), orDash(r.port), orDash(r.health), duration(r.uptimeMs), orDash(r.restarts), rate(r.linesPerSecond), lastCrash(r)])
  return <Table columns={COLUMNS} rows={cells} cursor={rows.length > 0 ? cursor : null} height={height} width={width} empty="no node yet: no line or crash names one" />
}
