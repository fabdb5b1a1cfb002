import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {diagnoseLog, loadRules} from '../../../analyzer/index.js'
import {readLabels} from '../../../analyzer/eval/labels.js'
import type {CrashReport} from '../../../analyzer/report/types.js'
import {ROOT} from '../../helpers/cli.js'

const dir = mkdtempSync(path.join(tmpdir(), 'storctl-flattened-'))
const rules = loadRules()

function write(name: string, text: string): string {
  const file = path.join(dir, name)
  writeFileSync(file, text)
  return file
}

const summary = (crashes: readonly CrashReport[]) => crashes.map((c) => ({kinds: c.kinds, recovered: c.recovered, rule: c.diagnosis.rule}))

async function crashesOf(file: string): Promise<CrashReport[]> {
  return (await diagnoseLog([file], {rules})).report.crashes
}

/** A Go server that recovers a handler's panic, logs its debug.Stack() and goes on serving. */
function recoveredPanic(at: string, index: number): string[] {
  return [
    `2026/11/21 10:00:${at} [ERROR] server.go:237: recovered from panic in handler, continuing: runtime error: index out of range [${index}] with length 0`,
    'goroutine 41 [running]:',
    'runtime/debug.Stack()',
    '\t/usr/lib/go/src/runtime/debug/stack.go:24 +0x65',
    'main.(*server).recoverPanic(0xc000010000)',
    '\t/src/server.go:235 +0x45',
    'panic({0x4af2c0, 0xc000118000})',
    '\t/usr/lib/go/src/runtime/panic.go:884 +0x212',
    'main.(*server).handleRead(0xc000010000, 0xc000120000)',
    '\t/src/server.go:301 +0x9a',
    'created by main.main in goroutine 1',
    '\t/src/main.go:40 +0x8f',
    `2026/11/21 10:00:${at} [INFO ] server.go:180: request served`,
  ]
}

describe('recovered panics logged one after another', () => {
  const lines = [...recoveredPanic('01.100000', 2), ...recoveredPanic('01.200000', 1), '2026/11/21 10:00:02.000000 [INFO ] server.go:90: shutting down']

  test('each full goroutine dump the program lived on after is a crash of its own', async () => {
    const crashes = await crashesOf(write('recovered.log', lines.join('\n') + '\n'))
    expect(crashes).toHaveLength(2)
    expect(crashes.every((c) => c.recovered && c.kinds.includes('panic'))).toBe(true)
    expect(crashes.map((c) => c.message)).toEqual([expect.stringContaining('[2]'), expect.stringContaining('[1]')])
  })

  test('flattened into one line with literal \\n, they are still two', async () => {
    const crashes = await crashesOf(write('recovered-flat.log', lines.join('\\n') + '\n'))
    expect(summary(crashes)).toEqual(summary(await crashesOf(path.join(dir, 'recovered.log'))))
  })
})

// A log copied out of a JSON string or an API: every line break escaped. The lines before a crash
// inside that one line are its context still, and a stack spread over the record is no logged stack.
describe('every sample, flattened into one line with literal \\n', async () => {
  const samples = (await readLabels(path.join(ROOT, 'samples'))).filter((c) => !c.path.endsWith('.gz'))
  test.each(samples.map((c) => [c.id, c.path] as const))('%s is diagnosed as the sample itself', async (id, file) => {
    const text = readFileSync(file, 'utf8').replace(/\n$/, '')
    const flat = write(`${id}.flat.log`, text.split('\n').join('\\n') + '\n')
    expect(summary(await crashesOf(flat))).toEqual(summary(await crashesOf(file)))
  })
})

describe('a log flattened into one line with literal \\n', () => {
  const ruleDir = mkdtempSync(path.join(tmpdir(), 'storctl-flattened-rules-'))
  writeFileSync(path.join(ruleDir, 'test-partition-replay-panic.yaml'), `id: test-partition-replay-panic
title: A panic while a partition replays its log
kinds: [panic]
minConfidence: 0.9
conditions:
  - message: 'replay: entry \\d+ missing'
    required: true
    weight: 0.5
    why: the replay found a hole in the log
  - before: {line: 'replaying partition \\d+ from index'}
    weight: 0.5
    why: the partition was replaying its log
rootCause: The partition's log lost an entry.
remediation: [Restore the partition from a replica.]
references: [https://example.org/replay]
examples: [{file: replay-flat.log}]
`)
  const withRule = loadRules([ruleDir])
  const log = [
    '2026/11/21 10:00:00.100000 [INFO ] partition.go:50: replaying partition 7 from index 1200',
    ...Array.from({length: 5}, (_, i) => `2026/11/21 10:00:00.1${i}0000 [DEBUG] partition.go:61: applied index ${1200 + i}`),
    'panic: replay: entry 1205 missing',
    '',
    'goroutine 12 [running]:',
    'main.(*partition).replay(0xc000123450)',
    '\t/src/partition.go:88 +0x1d',
    'main.main()',
    '\t/src/main.go:12 +0x25',
  ]

  test('the lines before a crash inside the record are its context: a rule reads them', async () => {
    const flat = write('replay-flat.log', log.join('\\n') + '\n')
    const crashes = (await diagnoseLog([flat], {rules: withRule})).report.crashes
    expect(crashes.map((c) => c.diagnosis.rule)).toEqual(['test-partition-replay-panic'])
    expect(crashes[0]!.diagnosis.evidence.map((e) => e.text)).toContain(log[0])
  })

  test('a stack without its header spread over the record is a crash, not a stack a program logged', async () => {
    const headless = log.slice(0, 6).concat(log.slice(9))
    const plain = await crashesOf(write('headless.log', headless.join('\n') + '\n'))
    expect(plain).toHaveLength(1)
    expect(summary(await crashesOf(write('headless-flat.log', headless.join('\\n') + '\n')))).toEqual(summary(plain))
  })
})
