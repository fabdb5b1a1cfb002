import {Box, Text} from 'ink'
import {fit} from './text.js'

export const KEY_HELP: readonly [string, string][] = [
  [':nodes :crashes :logs', 'switch view (any unique prefix: :n, :c, :l); :q quits'],
  ['/', 'filter the current list (esc clears it)'],
  ['enter', 'drill in: a node -> its logs, a crash group -> its latest crash'],
  ['esc', 'back'],
  ['up/down j/k pgup/pgdn g/G', 'move, scroll; in logs G follows again'],
  ['space or p', 'logs: pause / follow'],
  ['l', 'logs: level filter (all, INFO+, WARN+, ERROR+)'],
  ['f', 'fault menu (reference cluster, --dir); enter, then y to inject'],
  ['?', 'this help'],
  ['q, ctrl-c', 'quit'],
]

export function HelpView({height, width}: {height: number; width: number}) {
  return (
    <Box flexDirection="column" height={height} width={width}>
      <Text bold wrap="truncate">{fit('keys', width)}</Text>
      {KEY_HELP.map(([keys, what]) => <Text key={keys} wrap="truncate">{fit(`${keys.padEnd(26)} ${what}`, width)}</Text>)}
    </Box>
  )
}
