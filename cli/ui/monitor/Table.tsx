import {Box, Text} from 'ink'
import {clean, fit} from './text.js'

export interface Column {
  title: string
  /** Columns wide; the last column takes what is left. */
  width: number
}

/** The first row to show so that the cursor stays visible. */
export function windowStart(cursor: number, rows: number, height: number): number {
  return Math.max(0, Math.min(cursor - height + 1, rows - height))
}

function lineOf(cells: readonly string[], columns: readonly Column[], width: number): string {
  let used = 0
  const parts = columns.map((c, i) => {
    const w = i === columns.length - 1 ? Math.max(0, width - used) : c.width
    used += w + 1
    return fit(clean(cells[i] ?? ''), w, i < columns.length - 1)
  })
  return fit(parts.join(' '), width)
}

interface TableProps {
  columns: readonly Column[]
  rows: readonly (readonly string[])[]
  /** The selected row, shown inverse; null: none. */
  cursor: number | null
  height: number
  width: number
  empty: string
}

/** A header and the rows that fit in `height - 1` lines, each cut to `width`. */
export function Table({columns, rows, cursor, height, width, empty}: TableProps) {
  const visible = Math.max(0, height - 1)
  const start = windowStart(cursor ?? 0, rows.length, visible)
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text bold wrap="truncate">{lineOf(columns.map((c) => c.title), columns, width)}</Text>
      {rows.length === 0 ? <Text dimColor wrap="truncate">{fit(empty, width)}</Text> : null}
      {rows.slice(start, start + visible).map((r, i) => (
        <Text key={start + i} inverse={start + i === cursor} wrap="truncate">{lineOf(r, columns, width)}</Text>
      ))}
    </Box>
  )
}
