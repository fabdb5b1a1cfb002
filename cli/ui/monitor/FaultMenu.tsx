import {Box, Text} from 'ink'
import type {FaultChoice} from '../../services/monitor-model.js'
import {Table, type Column} from './Table.js'
import {fit} from './text.js'

const COLUMNS: readonly Column[] = [{title: 'SCENARIO', width: 20}, {title: 'TARGETS', width: 24}, {title: 'WHAT HAPPENS', width: 0}]

interface FaultMenuProps {
  choices: readonly FaultChoice[]
  cursor: number
  target: number
  height: number
  width: number
}

/** The fault scenarios the reference cluster can run, and the node the selected one will target. */
export function FaultMenu({choices, cursor, target, height, width}: FaultMenuProps) {
  const selected = choices[cursor]
  const node = selected?.targets[target % Math.max(1, selected.targets.length)] ?? '-'
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text color="yellow" wrap="truncate">{fit(`inject a fault on the reference cluster: target < ${node} > (tab/left/right), enter, then y to confirm`, width)}</Text>
      <Table columns={COLUMNS} rows={choices.map((c) => [c.id, c.targets.join(','), c.title])} cursor={choices.length > 0 ? cursor : null} height={height - 1} width={width} empty="no scenario fits the cluster's nodes" />
    </Box>
  )
}
