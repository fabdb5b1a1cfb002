import {mkdtempSync, mkdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {gzipSync} from 'node:zlib'
import {beforeAll, describe, expect, test} from 'vitest'
import {STACK_LINE, storctl} from '../helpers/cli.js'
import {GO_PANIC_LINES} from '../helpers/fixtures.js'

const GO_PANIC = GO_PANIC_LINES.join('\n')

let dir: string
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'storctl-e2e-'))
  writeFileSync(path.join(dir, 'crash.log'), GO_PANIC)
  writeFileSync(path.join(dir, 'healthy.log'), '2026/11/21 16:26:30.739618 server.go:1: [INFO] recovered from panic in handler, request dropped\n')
  writeFileSync(path.join(dir, 'empty.log'), '')
  writeFileSync(path.join(dir, 'core.bin'), Buffer.from(Array.from({length: 4096}, (_, i) => (i * 7) % 256)))
  writeFileSync(path.join(dir, 'crash.log.gz'), gzipSync(GO_PANIC))
  writeFileSync(path.join(dir, 'corrupt.log.gz'), Buffer.concat([gzipSync(GO_PANIC).subarray(0, 40), Buffer.from('garbage')]))
  writeFileSync(path.join(dir, 'evil.log'), GO_PANIC.replace('nil pointer dereference', 'nil pointer dereference\x1b[1;31m\x1b]0;owned\x07\x1b[2J\x08\x1b[0m'))
  mkdirSync(path.join(dir, 'nologs'))
  writeFileSync(path.join(dir, 'nologs', 'image.png'), 'x')
})

describe('storctl diagnose on good input', () => {
  test('a crash: exit 1 and the report contract on stdout', () => {
    const r = storctl(['diagnose', path.join(dir, 'crash.log'), '--json'])
    expect(r.status).toBe(1)
    const report = JSON.parse(r.stdout)
    expect(report.version).toBe(1)
    expect(report.inputs).toEqual([{path: path.join(dir, 'crash.log'), bytes: Buffer.byteLength(GO_PANIC), lines: 11, cutLines: 0}])
    expect(report.crashes).toHaveLength(1)
    const [c] = report.crashes
    expect(c).toMatchObject({id: 'c1', kind: 'panic', kinds: ['panic', 'sigsegv'], signal: 'SIGSEGV', runtime: 'go', lines: {start: 2}})
    expect(c.topFrames[0]).toBe('github.com/cubefs/cubefs/datanode.(*DataPartition).Apply')
    expect(c.diagnosis.rule).toBeNull()
    expect(c.diagnosis.remediation.length).toBeGreaterThan(0)
    expect(report.summary).toEqual({crashes: 1, byKind: {panic: 1}, known: 0, unknown: 1})
  })

  test('a healthy log: exit 0 and no crash', () => {
    const r = storctl(['diagnose', path.join(dir, 'healthy.log'), '--format', 'json'])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout).crashes).toEqual([])
  })

  test('an empty file is a log without crashes', () => {
    const r = storctl(['diagnose', path.join(dir, 'empty.log')])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('no crash found')
  })

  test('gzip and standard input read like plain files', () => {
    expect(JSON.parse(storctl(['diagnose', path.join(dir, 'crash.log.gz'), '--json']).stdout).crashes).toHaveLength(1)
    const r = storctl(['diagnose', '-', '--json'], {input: GO_PANIC})
    expect(r.status).toBe(1)
    expect(JSON.parse(r.stdout).inputs[0].path).toBe('-')
  })

  test('text output shows the location, drops colours and shows other escape sequences and control characters from the log as text', () => {
    const r = storctl(['diagnose', path.join(dir, 'evil.log')])
    expect(r.status).toBe(1)
    expect(r.stdout).toContain(`--> ${path.join(dir, 'evil.log')}:2-`)
    expect(r.stdout).not.toContain('\x1b')
    expect(r.stdout).not.toContain('\x07')
    expect(r.stdout).toContain('\\x1b]0;owned')
    expect(r.stdout).toContain('\\x1b[2J\\x08')
    expect(r.stdout).not.toContain('\\x1b[1;31m')
  })

  test('markdown output is ready to paste', () => {
    const r = storctl(['diagnose', path.join(dir, 'crash.log'), '--format', 'markdown'])
    expect(r.stdout).toMatch(/^## storctl diagnose/)
    expect(r.stdout).toContain('### c1: panic (SIGSEGV)')
  })
})

describe('storctl diagnose on bad input', () => {
  test.each([
    ['a missing path', ['does-not-exist.log'], 'input-missing'],
    ['a directory without logs', ['nologs'], 'input-empty-dir'],
    ['a binary file', ['core.bin'], 'input-binary'],
    ['a corrupt .gz', ['corrupt.log.gz'], 'input-corrupt-gzip'],
  ])('%s: exit 3, one error with a hint, no stack', (_what, args, code) => {
    const r = storctl(['diagnose', ...args.map((a) => path.join(dir, a))])
    expect(r.status).toBe(3)
    expect(r.stderr).toContain(code)
    expect(r.stderr).toMatch(/Try this:/)
    expect(r.stderr).not.toMatch(STACK_LINE)
    expect(r.stdout).toBe('')
  })

  test('an unreadable file: exit 3', () => {
    const r = storctl(['diagnose', '/proc/self/mem'])
    expect(r.status).toBe(3)
    expect(r.stderr).toContain('input-unreadable')
    expect(r.stderr).not.toMatch(STACK_LINE)
  })

  test('one bad input among good ones: the report still comes, with a warning and exit 3', () => {
    const r = storctl(['diagnose', path.join(dir, 'crash.log'), path.join(dir, 'missing.log'), '--json'])
    expect(r.status).toBe(3)
    expect(JSON.parse(r.stdout).crashes).toHaveLength(1)
    expect(r.stderr).toContain('missing.log')
  })

  test('usage errors: exit 2 without a stack', () => {
    for (const args of [['diagnose'], ['diagnose', 'x.log', '--frobnicate'], ['diagnose', 'x.log', '--format', 'yaml']]) {
      const r = storctl(args)
      expect(r.status).toBe(2)
      expect(r.stderr).not.toMatch(STACK_LINE)
    }
  })

  test('--help shows examples and the exit codes', () => {
    const r = storctl(['diagnose', '--help'])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('EXAMPLES')
    expect(r.stdout).toContain('Exit status')
  })
})
