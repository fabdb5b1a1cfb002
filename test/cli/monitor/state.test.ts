import {describe, expect, test} from 'vitest'
import {initialUiState, reduceKey, splitKeys, type KeyContext, type KeyPress, type UiState} from '../../../cli/ui/monitor/state.js'

const ctx: KeyContext = {rows: 10, page: 4, selectedNode: 'master1', selectedCrashId: 7, faultTargets: null}
const key = (input: string, extra: Omit<KeyPress, 'input'> = {}): KeyPress => ({input, ...extra})
const ESC = key('', {escape: true})
const ENTER = key('', {return: true})

/** Presses each key in turn; a string is typed one character at a time. */
function press(state: UiState, keys: (KeyPress | string)[], context: KeyContext = ctx): UiState {
  return keys.flatMap((k) => (typeof k === 'string' ? [...k].map((c) => key(c)) : [k])).reduce((s, k) => reduceKey(s, k, context), state)
}

describe('monitor keys', () => {
  test(':crashes then enter switches view; a unique prefix is enough; an unknown one leaves a message', () => {
    expect(press(initialUiState(), [':crashes', ENTER]).view).toBe('crashes')
    expect(press(initialUiState(), [':l', ENTER]).view).toBe('logs')
    const wrong = press(initialUiState(), [':zz', ENTER])
    expect(wrong.view).toBe('nodes')
    expect(wrong.message).toContain('unknown command :zz')
  })

  test('esc cancels a command; :q quits; q quits', () => {
    const cancelled = press(initialUiState(), [':cra', ESC])
    expect(cancelled).toMatchObject({mode: 'normal', view: 'nodes', command: ''})
    expect(press(initialUiState(), [':q', ENTER]).quit).toBe(true)
    expect(press(initialUiState(), ['q']).quit).toBe(true)
  })

  test('typing q inside a filter filters, it does not quit', () => {
    const s = press(initialUiState('logs'), ['/', 'q1'])
    expect(s.quit).toBe(false)
    expect(s.filters.logs).toBe('q1')
  })

  test('/ filters live; enter keeps the filter; esc in the prompt clears it; backspace edits', () => {
    const kept = press(initialUiState('crashes'), ['/', 'sigx', key('', {backspace: true}), ENTER])
    expect(kept).toMatchObject({mode: 'normal', filters: {crashes: 'sig'}})
    expect(press(kept, ['/', 'x', ESC]).filters.crashes).toBe('')
  })

  test('enter on a node opens its logs; esc returns to the nodes and drops the node filter', () => {
    const logs = press(initialUiState(), [ENTER])
    expect(logs).toMatchObject({view: 'logs', logNode: 'master1', back: ['nodes']})
    expect(press(logs, [ESC])).toMatchObject({view: 'nodes', logNode: null, back: []})
  })

  test('enter on a crash group opens its latest crash; esc goes back', () => {
    const detail = press(initialUiState('crashes'), [ENTER])
    expect(detail).toMatchObject({view: 'detail', detailId: 7})
    expect(press(detail, [ESC]).view).toBe('crashes')
  })

  test('arrows move within the list and stop at its ends; G goes to the last row', () => {
    expect(press(initialUiState(), [key('', {downArrow: true}), 'j']).cursor.nodes).toBe(2)
    expect(press(initialUiState(), [key('', {upArrow: true})]).cursor.nodes).toBe(0)
    expect(press(initialUiState(), ['G']).cursor.nodes).toBe(9)
    expect(press(initialUiState(), [key('', {pageDown: true}), key('', {pageDown: true}), key('', {pageDown: true})]).cursor.nodes).toBe(9)
  })

  test('in logs, scrolling up pauses following, G follows again; space toggles; l cycles the level', () => {
    const up = press(initialUiState('logs'), [key('', {upArrow: true})])
    expect(up).toMatchObject({follow: false, cursor: {logs: 1}})
    expect(press(up, ['G'])).toMatchObject({follow: true, cursor: {logs: 0}})
    expect(press(initialUiState('logs'), [' ']).follow).toBe(false)
    expect(press(initialUiState('logs'), [' ', 'p']).follow).toBe(true)
    expect(press(initialUiState('logs'), ['l', 'l']).level).toBe(2)
    expect(press(initialUiState('logs'), ['l', 'l', 'l', 'l']).level).toBe(0)
  })

  test('? opens help and ? or esc closes it', () => {
    const help = press(initialUiState('crashes'), ['?'])
    expect(help.view).toBe('help')
    expect(press(help, ['?']).view).toBe('crashes')
    expect(press(help, [ESC]).view).toBe('crashes')
  })

  test('f without a cluster explains why; with one it opens the menu, enter asks, y requests the fault', () => {
    expect(press(initialUiState(), ['f'])).toMatchObject({view: 'nodes', message: expect.stringContaining('--dir')})
    const cluster = {...ctx, rows: 3, faultTargets: 2}
    const menu = press(initialUiState(), ['f', key('', {downArrow: true}), key('', {tab: true})], cluster)
    expect(menu).toMatchObject({view: 'faults', cursor: {faults: 1}, faultTarget: 1})
    const asking = press(menu, [ENTER], cluster)
    expect(asking.mode).toBe('confirm')
    expect(press(asking, ['n'], cluster)).toMatchObject({mode: 'normal', request: null, view: 'faults'})
    expect(press(asking, ['y'], cluster)).toMatchObject({mode: 'normal', request: {scenario: 1, target: 1}, view: 'nodes'})
  })

  test('control characters typed into a prompt are ignored', () => {
    expect(press(initialUiState('logs'), ['/', key('\u001b[31m'), 'a']).filters.logs).toBe('a')
  })

  test('a chunk typed at once is split into keys, a carriage return into enter', () => {
    expect(splitKeys(key(':cr\r'))).toEqual([key(':'), key('c'), key('r'), key('', {return: true})])
    expect(press(initialUiState(), splitKeys(key(':crashes\r'))).view).toBe('crashes')
    expect(splitKeys(key('x', {ctrl: true}))).toEqual([key('x', {ctrl: true})])
  })
})
