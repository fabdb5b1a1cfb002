import {describe, expect, test} from 'vitest'
import type {LiveDelta, LiveLine} from '../../../analyzer/store/live-read.js'
import {applyDelta, emptyData, filterLines, levelRank, lineRates, MAX_BUFFERED_LINES, nodeRows, RATE_WINDOW_MS} from '../../../cli/services/monitor-model.js'

const line = (source: number, no: number, ts: number | null, node: string, text = `line ${no}`, level: string | null = 'INFO'): LiveLine => ({source_id: source, line_no: no, ts, level, node, text})

function delta(patch: Partial<LiveDelta>): LiveDelta {
  return {initial: false, lines: [], lineCounts: new Map(), nodes: new Set(), crashes: [], groups: null, nodeCrashes: null, sources: new Map([[1, 'a.log'], [2, 'b.log']]), ...patch}
}

const group = (fingerprint: string, first: number, last: number) => ({fingerprint, count: last - first + 1, first_id: first, last_id: last, last_ts: null, node: 'n1', kind: 'panic', rule: null, confidence: null})

describe('monitor model', () => {
  test('lines of two sources merge by time; a line without time keeps its source\'s last time', () => {
    const data = applyDelta(emptyData(0), delta({lines: [line(1, 1, 10, 'a'), line(1, 2, null, 'a'), line(2, 1, 5, 'b'), line(2, 2, 20, 'b')]}))
    expect(data.lines.map((l) => l.key)).toEqual(['2:1', '1:1', '1:2', '2:2'])
  })

  test('the buffer keeps the newest MAX_BUFFERED_LINES lines', () => {
    const lines = Array.from({length: MAX_BUFFERED_LINES + 10}, (_, i) => line(1, i + 1, i, 'a'))
    const data = applyDelta(emptyData(0), delta({lines}))
    expect(data.lines).toHaveLength(MAX_BUFFERED_LINES)
    expect(data.lines.at(-1)!.lineNo).toBe(MAX_BUFFERED_LINES + 10)
  })

  test('a group whose first crash is newer than the ones there at the start is new', () => {
    const first = applyDelta(emptyData(0), delta({initial: true, groups: [group('f1', 1, 2)]}))
    const next = applyDelta(first, delta({groups: [group('f2', 3, 3), group('f1', 1, 4)]}))
    expect(next.groups.map((g) => [g.fingerprint, g.isNew, g.count])).toEqual([['f2', true, 1], ['f1', false, 4]])
  })

  test('rates are lines per second per node over the window; old arrivals drop out', () => {
    let data = applyDelta(emptyData(0), delta({lineCounts: new Map([['n1', 50]])}), 5000)
    expect(lineRates(data, 5000).get('n1')).toBe(10)
    data = applyDelta(data, delta({lineCounts: new Map([['n1', 20]])}), 5000 + RATE_WINDOW_MS)
    expect(lineRates(data, 5000 + RATE_WINDOW_MS).get('n1')).toBe(2)
  })

  test('nodes: the cluster\'s first, with store figures, then nodes only the store knows', () => {
    const data = applyDelta(emptyData(0), delta({nodes: new Set(['zeta', 'm1']), nodeCrashes: [{node: 'm1', crashes: 2, last_id: 9, kind: 'sigsegv', rule: 'r', confidence: 1, ts: null}]}))
    const rows = nodeRows(data, {running: true, fixed: false, nodes: [{id: 'm1', role: 'master', port: 1, pid: 2, health: 'healthy', uptimeMs: 3, restarts: 0, lastCrash: null}]}, 1000)
    expect(rows.map((r) => [r.id, r.role, r.crashes, r.lastCrash?.id ?? null])).toEqual([['m1', 'master', 2, 9], ['zeta', null, 0, null]])
  })

  test('levels rank by their first letter; the filter combines text, level and node', () => {
    expect([levelRank('DEBUG'), levelRank('I'), levelRank('WARNING'), levelRank('E'), levelRank('FATAL'), levelRank(null)]).toEqual([0, 1, 2, 3, 4, 1])
    const data = applyDelta(emptyData(0), delta({lines: [line(1, 1, 1, 'a', 'disk full', 'ERROR'), line(1, 2, 2, 'a', 'disk ok'), line(2, 1, 3, 'b', 'Disk full', 'E')]}))
    expect(filterLines(data.lines, {text: 'DISK FULL', minLevel: 0, node: null})).toHaveLength(2)
    expect(filterLines(data.lines, {text: 'disk', minLevel: 3, node: 'b'}).map((l) => l.key)).toEqual(['2:1'])
  })
})
