import {Text} from 'ink'
import type {UiState} from './state.js'
import {clean, fit} from './text.js'

const HINTS: Record<UiState['view'], string> = {
  nodes: '<enter> logs  </> filter  <:> view  <f> faults  <?> help  <q> quit',
  crashes: '<enter> detail  </> filter  <:> view  <f> faults  <?> help  <q> quit',
  logs: '<space> pause  <l> level  </> filter  <G> follow  <esc> back  <q> quit',
  detail: '<up/down> scroll  <esc> back  <:> view  <q> quit',
  help: '<esc> back  <q> quit',
  faults: '<up/down> scenario  <tab> target  <enter> inject  <esc> back',
}

export function Header({text, width}: {text: string; width: number}) {
  return <Text bold inverse wrap="truncate">{fit(clean(text), width, true)}</Text>
}

/** The prompt being typed, the last message, or the keys of the view. */
export function Footer({ui, confirm, width}: {ui: UiState; confirm: string; width: number}) {
  if (ui.mode === 'command') return <Text wrap="truncate">{fit(`:${clean(ui.command)}█`, width)}</Text>
  if (ui.mode === 'filter') return <Text wrap="truncate">{fit(`/${clean(ui.view === 'nodes' || ui.view === 'crashes' || ui.view === 'logs' ? ui.filters[ui.view] : '')}█`, width)}</Text>
  if (ui.mode === 'confirm') return <Text color="yellow" bold wrap="truncate">{fit(confirm, width)}</Text>
  if (ui.message !== null) return <Text color="yellow" wrap="truncate">{fit(clean(ui.message), width)}</Text>
  return <Text dimColor wrap="truncate">{fit(HINTS[ui.view], width)}</Text>
}
