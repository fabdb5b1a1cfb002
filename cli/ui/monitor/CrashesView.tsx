import type {CrashGroupEntry} from '../../services/monitor-model.js'
import {Table, type Column} from './Table.js'
import {clock, orDash} from './text.js'

const COLUMNS: readonly Column[] = [
  {title: 'LAST', width: 11}, {title: 'NODE', width: 10}, {title: 'KIND', width: 12}, {title: 'CONF', width: 4}, {title: 'COUNT', width: 5},
  {title: 'SEEN', width: 5}, {title: 'RULE', width: 0},
]

interface CrashesViewProps {
  groups: readonly CrashGroupEntry[]
  cursor: number
  height: number
  width: number
  now: number
}

/** Crashes grouped by fingerprint, latest first: how often each happened, and whether it is new since the monitor opened. */
export function CrashesView({groups, cursor, height, width, now}: CrashesViewProps) {
  const cells = groups.map((g) => [
    clock(g.lastTs, now), orDash(g.node), g.kind, g.confidence === null ? '-' : g.confidence.toFixed(2), `×${g.count}`, g.isNew ? 'NEW' : 'known', g.rule ?? 'unknown',
  ])
  return <Table columns={COLUMNS} rows={cells} cursor={groups.length > 0 ? cursor : null} height={height} width={width} empty="no crash stored (yet)" />
}
