import {Box, Text} from 'ink'
import type {MonitorLine} from '../../services/monitor-model.js'
import {Table, type Column} from './Table.js'
import {clock, fit, orDash} from './text.js'

const COLUMNS: readonly Column[] = [{title: 'TIME', width: 8}, {title: 'NODE', width: 10}, {title: 'LEVEL', width: 5}, {title: 'TEXT', width: 0}]

interface LogsViewProps {
  lines: readonly MonitorLine[]
  /** Lines scrolled up from the bottom. */
  scroll: number
  status: string
  height: number
  width: number
  now: number
}

/** The tail of the stored lines (filtered), newest at the bottom. */
export function LogsView({lines, scroll, status, height, width, now}: LogsViewProps) {
  const visible = Math.max(0, height - 2)
  const end = Math.max(0, lines.length - scroll)
  const shown = lines.slice(Math.max(0, end - visible), end)
  const cells = shown.map((l) => [clock(l.ts, now), orDash(l.node), orDash(l.level), l.text])
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text color="cyan" wrap="truncate">{fit(status, width)}</Text>
      <Table columns={COLUMNS} rows={cells} cursor={null} height={height - 1} width={width} empty="no line matches" />
    </Box>
  )
}
