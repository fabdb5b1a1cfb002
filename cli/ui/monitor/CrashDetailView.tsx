import {Box, Text} from 'ink'
import type {DetailLine} from './detail-lines.js'
import {fit} from './text.js'

interface CrashDetailViewProps {
  lines: readonly DetailLine[] | null
  /** Lines scrolled down from the top. */
  scroll: number
  height: number
  width: number
}

/** One crash's diagnosis and timeline, scrolled with the arrows. */
export function CrashDetailView({lines, scroll, height, width}: CrashDetailViewProps) {
  if (lines === null) return <Box height={height}><Text dimColor>this crash is no longer in the store</Text></Box>
  return (
    <Box flexDirection="column" height={height} width={width}>
      {lines.slice(scroll, scroll + height).map((l, i) => (
        <Text key={scroll + i} bold={l.heading} dimColor={l.dim} color={l.heading ? 'cyan' : undefined} wrap="truncate">{fit(l.text, width)}</Text>
      ))}
    </Box>
  )
}
