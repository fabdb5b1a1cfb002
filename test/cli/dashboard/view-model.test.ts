import {describe, expect, test} from 'vitest'
import {
  buildDashboardView, cleanText, duration, fitBars, fitLines, knownSlices, layoutTable, nodeTable, rateSeries, recentTable, tailLines,
  type DashboardNode,
} from '../../../cli/ui/dashboard/view-model.js'

const T = Date.UTC(2026, 10, 21, 17, 12, 19)
const S = T / 1000
const node = (over: Partial<DashboardNode>): DashboardNode => ({
  node: 'node-1', role: null, health: null, uptimeMs: null, restarts: null, lines: 10, lastLineTs: T, crashes: 0, lastCrash: null, ...over,
})

describe('rateSeries', () => {
  test('one point per second of the window, zeros filled, x labels counting up to 0', () => {
    const [series] = rateSeries([{node: 'node-1', second: S, lines: 5}, {node: 'node-1', second: S - 2, lines: 3}], {firstSecond: S - 3, lastSecond: S})
    expect(series).toEqual({title: 'node-1', x: ['-3', '-2', '-1', '0'], y: [0, 3, 0, 5], style: {line: 'yellow'}})
  })

  test('busiest node first; beyond six nodes the rest is one "other" series summed per second', () => {
    const rates = Array.from({length: 8}, (_, i) => ({node: `n${i}`, second: S, lines: i + 1}))
    const series = rateSeries(rates, {firstSecond: S, lastSecond: S})
    expect(series.map((s) => s.title)).toEqual(['n7', 'n6', 'n5', 'n4', 'n3', 'other (3)'])
    expect(series.at(-1)!.y).toEqual([1 + 2 + 3])
  })

  test('no timed lines: no series; rates outside the window are ignored', () => {
    expect(rateSeries([{node: 'a', second: S, lines: 1}], null)).toEqual([])
    expect(rateSeries([{node: 'a', second: S + 5, lines: 1}], {firstSecond: S, lastSecond: S})).toEqual([])
  })

  test('a log file stands for its node by its base name', () => {
    expect(rateSeries([{node: '/var/log/cubefs/master.log', second: S, lines: 1}], {firstSecond: S, lastSecond: S})[0]!.title).toBe('master.log')
  })
})

describe('bars and donut', () => {
  test('fitBars keeps every bar that fits and sums the rest into "+N"', () => {
    const bars = {titles: ['sigsegv', 'panic', 'abort', 'oom'], data: [5, 3, 2, 1]}
    expect(fitBars(bars, 100)).toEqual({titles: ['sigsegv', 'panic', 'abort', 'oom'], data: [5, 3, 2, 1], barSpacing: 14, barWidth: 11})
    expect(fitBars(bars, 21)).toEqual({titles: ['sigse…', 'panic', '+2'], data: [5, 3, 3], barSpacing: 7, barWidth: 4})
  })

  test('known vs unknown percents add up to 100, and are 0/0 when nothing crashed', () => {
    const {known, total, slices} = knownSlices([{kind: 'sigsegv', crashes: 2, known: 1}, {kind: 'panic', crashes: 1, known: 0}])
    expect({known, total}).toEqual({known: 1, total: 3})
    expect(slices.map((s) => [s.label, s.percent])).toEqual([['known', 33], ['unknown', 67]])
    expect(knownSlices([]).slices.map((s) => s.percent)).toEqual([0, 0])
  })
})

describe('tables', () => {
  test('the store-only node table has no cluster columns', () => {
    const table = nodeTable([node({crashes: 2, lastCrash: {kind: 'panic', ts: T}})])
    expect(table.headers).toEqual(['node', 'crashes', 'last crash', 'lines', 'last line'])
    expect(table.rows).toEqual([['node-1', '2', 'panic 17:12:19', '10', '17:12:19']])
  })

  test('with a cluster, role, health, uptime and restarts appear', () => {
    const table = nodeTable([node({role: 'master', health: 'healthy', uptimeMs: 125_000, restarts: 1}), node({node: 'other.log', lastLineTs: null})])
    expect(table.headers.slice(0, 5)).toEqual(['node', 'role', 'health', 'up', 'rst'])
    expect(table.rows[0]!.slice(0, 5)).toEqual(['node-1', 'master', 'healthy', '2m', '1'])
    expect(table.rows[1]).toEqual(['other.log', '-', '-', '-', '-', '0', '-', '10', '-'])
  })

  test('recent crashes say unknown when no rule explains them', () => {
    const rows = recentTable([{id: 7, ts: T, node: 'node-2', kind: 'abort', rule: null, confidence: null}]).rows
    expect(rows).toEqual([['7', '11-21 17:12:19', 'node-2', 'abort', 'unknown', '-']])
  })

  test('layoutTable aligns columns and cuts every line to the width', () => {
    const lines = layoutTable({headers: ['id', 'kind'], rows: [['12', 'sigsegv'], ['3', 'a-very-long-kind-name']]}, 12)
    expect(lines).toEqual(['id kind', '12 sigsegv', '3  a-very-l…'])
  })

  test('durations are compact', () => {
    expect([duration(null), duration(45_000), duration(3_600_000 * 5), duration(86_400_000 * 3)]).toEqual(['-', '45s', '5h', '3d'])
  })
})

describe('log text is neutralised before it reaches a widget', () => {
  test('escape sequences, control and bidi characters become visible text; tabs become spaces', () => {
    const [line] = tailLines([{node: 'node-1', lineNo: 1, ts: T, level: 'INFO', text: '\u001b]0;pwned\u0007\tx\u202e'}])
    expect(line).toBe('17:12:19 node-1 \\x1b]0;pwned\\x07  x\\u{202e}')
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/)
  })

  test('node names and crash kinds from the log are neutralised too', () => {
    expect(nodeTable([node({node: 'evil\u001b[2J'})]).rows[0]![0]).toBe('evil\\x1b[2J')
    expect(recentTable([{id: 1, ts: null, node: 'n', kind: 'k\u0007', rule: null, confidence: null}]).rows[0]![3]).toBe('k\\x07')
  })

  test('cleanText and fitLines cut to the width, keeping the newest lines', () => {
    expect(cleanText('abcdef', 4)).toBe('abc…')
    expect(cleanText('abcd', 4)).toBe('abcd')
    expect(fitLines(['one', 'two', 'three-long'], 5, 2)).toEqual(['two', 'thre…'])
  })
})

test('buildDashboardView: titles carry the window, totals and counts', () => {
  const view = buildDashboardView({
    windowSeconds: 60, window: {firstSecond: S - 59, lastSecond: S}, rates: [],
    kinds: [{kind: 'sigsegv', crashes: 3, known: 3}], recent: [], nodes: [node({})], tail: [],
  })
  expect(view.rates.title).toBe('lines/s per node (last 60 s to 17:12:19)')
  expect(view.kinds).toEqual({title: 'crash kinds (3)', titles: ['sigsegv'], data: [3]})
  expect(view.known.title).toBe('known vs unknown 3/3')
  expect(view.nodes.title).toBe('nodes (1)')
})
