import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {expect, test} from 'vitest'
import {diagnoseLog, loadRules} from '../../../analyzer/index.js'
import {isNewestFirst, reverseLines} from '../../../analyzer/scan/newest-first.js'
import {ROOT} from '../../helpers/cli.js'

const dir = mkdtempSync(path.join(tmpdir(), 'storctl-newest-first-'))
const rules = loadRules()

/** A sample's lines as journald prints them, one second apart, oldest first. */
function journal(sample: string): string[] {
  const lines = readFileSync(path.join(ROOT, 'samples', sample), 'utf8').replace(/\n$/, '').split('\n')
  const at = (i: number) => `${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`
  return lines.map((l, i) => `Nov 21 10:${at(i)} kv-3 kvnode[4242]: ${l}`)
}

test('timed lines going back in time read newest first; forward, untimed or mixed ones do not', () => {
  const forward = journal('go-master-cgo-sigsegv-shutdown.log')
  expect(isNewestFirst(Buffer.from([...forward].reverse().join('\n')))).toBe(true)
  expect(isNewestFirst(Buffer.from(forward.join('\n')))).toBe(false)
  expect(isNewestFirst(Buffer.from(readFileSync(path.join(ROOT, 'samples', 'go-master-cgo-sigsegv-shutdown.log'))))).toBe(false)
  // An Elasticsearch export, newest first: the time is the record's.
  const records = forward.map((l, i) => JSON.stringify({'@timestamp': new Date(Date.UTC(2026, 10, 21, 10, 0, i)).toISOString(), message: l.slice(l.indexOf(': ') + 2)}))
  expect(isNewestFirst(Buffer.from([...records].reverse().join('\n')))).toBe(true)
  expect(isNewestFirst(Buffer.from(records.join('\n')))).toBe(false)
  // Two nodes whose clocks differ, interleaved: steps back, but as many steps forward.
  const skewed = forward.flatMap((l, i) => [l, l.replace('10:', '09:').replace('kv-3', `kv-${i}`)])
  expect(isNewestFirst(Buffer.from(skewed.join('\n')))).toBe(false)
})

test('reverseLines turns the lines around and ends each with a newline', () => {
  expect(reverseLines(Buffer.from('a\nbb\nccc')).reversed.toString()).toBe('ccc\nbb\na\n')
  expect(reverseLines(Buffer.from('a\nbb\n'))).toEqual({reversed: Buffer.from('bb\na\n'), lines: 2})
})

test('a journalctl -r paste is diagnosed as the log itself, with the file\'s line numbers', async () => {
  const forward = journal('go-master-cgo-sigsegv-shutdown.log')
  writeFileSync(path.join(dir, 'forward.log'), forward.join('\n') + '\n')
  writeFileSync(path.join(dir, 'reversed.log'), [...forward].reverse().join('\n') + '\n')
  const [plain = [], reversed = []] = await Promise.all(['forward.log', 'reversed.log'].map(async (f) => (await diagnoseLog([path.join(dir, f)], {rules})).report.crashes))
  expect(plain).toHaveLength(1)
  expect(reversed).toHaveLength(1)
  const [a, b] = [plain[0]!, reversed[0]!]
  expect({kind: b.kind, rule: b.diagnosis.rule, message: b.message, topFrames: b.topFrames}).toEqual({kind: a.kind, rule: a.diagnosis.rule, message: a.message, topFrames: a.topFrames})
  const n = forward.length
  expect(b.lines).toEqual({start: n - a.lines.end + 1, end: n - a.lines.start + 1})
  for (const e of b.diagnosis.evidence) expect(readFileSync(path.join(dir, 'reversed.log'), 'utf8').split('\n')[e.line - 1]).toBe(e.text)
  expect(b.facts.newestFirst).toBe(true)
})
