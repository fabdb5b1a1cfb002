// The monitor's UI state and what each key does to it: pure, so every binding is unit-tested.

export type ListView = 'nodes' | 'crashes' | 'logs'
export type ViewName = ListView | 'detail' | 'help' | 'faults'
export type Mode = 'normal' | 'command' | 'filter' | 'confirm'

/** What the App asks for outside the state: a fault run on the reference cluster. */
export interface FaultRequest {
  scenario: number
  target: number
}

export interface UiState {
  view: ViewName
  /** Views `esc` returns to, the latest last. */
  back: ViewName[]
  mode: Mode
  /** What is being typed after `:`. */
  command: string
  filters: Record<ListView, string>
  /** List cursor per view; for logs and detail, lines scrolled up from the bottom / down from the top. */
  cursor: Record<ListView | 'detail' | 'faults', number>
  /** The Logs view shows only this node (entered from the Nodes view). */
  logNode: string | null
  /** Index into LEVEL_FILTERS. */
  level: number
  follow: boolean
  detailId: number | null
  faultTarget: number
  request: FaultRequest | null
  message: string | null
  quit: boolean
}

/** Minimum level rank shown by the Logs view (see levelRank), cycled with `l`. */
export const LEVEL_FILTERS: readonly {rank: number; label: string}[] = [
  {rank: 0, label: 'all'}, {rank: 1, label: 'INFO+'}, {rank: 2, label: 'WARN+'}, {rank: 3, label: 'ERROR+'},
]

export const COMMANDS: readonly string[] = ['nodes', 'crashes', 'logs', 'help', 'quit']

/** What keys need to know of the data on screen. */
export interface KeyContext {
  /** Items in the current view (filtered list rows, detail lines, fault scenarios). */
  rows: number
  /** Rows visible at once. */
  page: number
  selectedNode: string | null
  selectedCrashId: number | null
  /** Targets of the selected fault scenario; null without a reference cluster. */
  faultTargets: number | null
}

/** The parts of ink's Key the monitor reads. */
export interface KeyPress {
  input: string
  upArrow?: boolean
  downArrow?: boolean
  leftArrow?: boolean
  rightArrow?: boolean
  pageUp?: boolean
  pageDown?: boolean
  home?: boolean
  end?: boolean
  return?: boolean
  escape?: boolean
  backspace?: boolean
  delete?: boolean
  tab?: boolean
  ctrl?: boolean
}

export function initialUiState(view: ViewName = 'nodes'): UiState {
  return {
    view, back: [], mode: 'normal', command: '', filters: {nodes: '', crashes: '', logs: ''},
    cursor: {nodes: 0, crashes: 0, logs: 0, detail: 0, faults: 0}, logNode: null, level: 0, follow: true,
    detailId: null, faultTarget: 0, request: null, message: null, quit: false,
  }
}

const isList = (view: ViewName): view is ListView => view === 'nodes' || view === 'crashes' || view === 'logs'
const clamp = (n: number, max: number): number => Math.max(0, Math.min(n, Math.max(0, max)))

function open(state: UiState, view: ViewName, patch: Partial<UiState> = {}): UiState {
  if (state.view === view) return {...state, ...patch}
  return {...state, ...patch, view, back: [...state.back, state.view]}
}

function goBack(state: UiState): UiState {
  const previous = state.back.at(-1)
  if (previous === undefined) {
    return isList(state.view) && state.filters[state.view] !== '' ? {...state, filters: {...state.filters, [state.view]: ''}} : state
  }
  const leaving = state.view === 'logs' ? {logNode: null} : state.view === 'detail' ? {detailId: null} : {}
  return {...state, ...leaving, view: previous, back: state.back.slice(0, -1)}
}

/** `:name`: a unique prefix of a view name (or quit/help). */
function runCommand(state: UiState): UiState {
  const typed = state.command.trim().toLowerCase()
  const done = {...state, mode: 'normal' as const, command: ''}
  if (typed === '') return done
  if (typed === 'q' || typed === 'q!') return {...done, quit: true}
  const matches = COMMANDS.filter((c) => c.startsWith(typed))
  if (matches.length !== 1) return {...done, message: `unknown command :${typed} (try :nodes, :crashes, :logs, :help, :quit)`}
  const name = matches[0]!
  if (name === 'quit') return {...done, quit: true}
  return open({...done, back: [], logNode: null}, name as ViewName, {back: []})
}

function typeInto(text: string, key: KeyPress): string | null {
  if (key.backspace || key.delete) return text.slice(0, -1)
  if (key.ctrl || key.input === '' || /[\u0000-\u001f\u007f]/.test(key.input)) return null
  return text + key.input
}

function commandKey(state: UiState, key: KeyPress): UiState {
  if (key.escape) return {...state, mode: 'normal', command: ''}
  if (key.return) return runCommand(state)
  if ((key.backspace || key.delete) && state.command === '') return {...state, mode: 'normal'}
  const command = typeInto(state.command, key)
  return command === null ? state : {...state, command}
}

function filterKey(state: UiState, key: KeyPress): UiState {
  if (!isList(state.view)) return {...state, mode: 'normal'}
  const view = state.view
  if (key.escape) return {...state, mode: 'normal', filters: {...state.filters, [view]: ''}}
  if (key.return) return {...state, mode: 'normal'}
  const text = typeInto(state.filters[view], key)
  return text === null ? state : {...state, filters: {...state.filters, [view]: text}, cursor: {...state.cursor, [view]: 0}}
}

function confirmKey(state: UiState, key: KeyPress): UiState {
  if (key.input === 'y' || key.input === 'Y') {
    const request = {scenario: state.cursor.faults, target: state.faultTarget}
    return {...goBack({...state, mode: 'normal'}), request, message: 'injecting fault...'}
  }
  return {...state, mode: 'normal', message: 'fault cancelled'}
}

/** Up/down/page/home/end over the current view; logs scroll up from the bottom and pause following. */
function moveKey(state: UiState, key: KeyPress, ctx: KeyContext): UiState | null {
  const view = state.view === 'help' ? null : state.view
  if (view === null) return null
  const step = key.upArrow || key.input === 'k' ? -1 : key.downArrow || key.input === 'j' ? 1
    : key.pageUp ? -ctx.page : key.pageDown ? ctx.page : key.home || key.input === 'g' ? -Infinity : key.end || key.input === 'G' ? Infinity : 0
  if (step === 0) return null
  if (view === 'logs') {
    const up = clamp(state.cursor.logs - (Number.isFinite(step) ? step : Math.sign(step) * ctx.rows), ctx.rows - ctx.page)
    return {...state, cursor: {...state.cursor, logs: up}, follow: up > 0 ? false : step === Infinity || state.follow}
  }
  const max = view === 'detail' ? ctx.rows - ctx.page : ctx.rows - 1
  const next = Number.isFinite(step) ? state.cursor[view] + step : step < 0 ? 0 : max
  return {...state, cursor: {...state.cursor, [view]: clamp(next, max)}, faultTarget: view === 'faults' ? 0 : state.faultTarget}
}

function enterKey(state: UiState, ctx: KeyContext): UiState {
  if (state.view === 'nodes' && ctx.selectedNode !== null) {
    return open(state, 'logs', {logNode: ctx.selectedNode, follow: true, cursor: {...state.cursor, logs: 0}})
  }
  if (state.view === 'crashes' && ctx.selectedCrashId !== null) {
    return open(state, 'detail', {detailId: ctx.selectedCrashId, cursor: {...state.cursor, detail: 0}})
  }
  if (state.view === 'faults' && ctx.faultTargets !== null && ctx.rows > 0) return {...state, mode: 'confirm'}
  return state
}

function normalKey(state: UiState, key: KeyPress, ctx: KeyContext): UiState {
  const moved = moveKey(state, key, ctx)
  if (moved) return moved
  if (key.escape) return goBack(state)
  if (key.return) return enterKey(state, ctx)
  if (state.view === 'faults' && (key.tab || key.rightArrow || key.leftArrow) && ctx.faultTargets) {
    const n = ctx.faultTargets
    return {...state, faultTarget: (state.faultTarget + (key.leftArrow ? n - 1 : 1)) % n}
  }
  switch (key.input) {
    case 'q': return {...state, quit: true}
    case ':': return {...state, mode: 'command', command: ''}
    case '/': return isList(state.view) ? {...state, mode: 'filter'} : state
    case '?': return state.view === 'help' ? goBack(state) : open(state, 'help')
    case 'f':
      if (ctx.faultTargets === null && state.view !== 'faults') return {...state, message: 'the fault menu needs the reference cluster: run storctl monitor --dir DIR'}
      return open(state, 'faults', {faultTarget: 0})
    case 'l': return state.view === 'logs' ? {...state, level: (state.level + 1) % LEVEL_FILTERS.length, cursor: {...state.cursor, logs: 0}} : state
    case ' ':
    case 'p': return state.view === 'logs' ? {...state, follow: !state.follow, cursor: {...state.cursor, logs: state.follow ? state.cursor.logs : 0}} : state
    default: return state
  }
}

/** Key presses of one input event: a pasted or fast-typed chunk (`:crashes\r`) is split into its keys. */
export function splitKeys(key: KeyPress): KeyPress[] {
  const chars = Array.from(key.input)
  if (chars.length <= 1 || key.ctrl) return [key]
  return chars.map((c) => (c === '\r' || c === '\n' ? {input: '', return: true} : c === '\u007f' ? {input: '', backspace: true} : {input: c}))
}

/** The state after one key press; a message is shown until the next key. */
export function reduceKey(state: UiState, key: KeyPress, ctx: KeyContext): UiState {
  const current = state.message === null ? state : {...state, message: null}
  switch (current.mode) {
    case 'command': return commandKey(current, key)
    case 'filter': return filterKey(current, key)
    case 'confirm': return confirmKey(current, key)
    default: return normalKey(current, key, ctx)
  }
}
