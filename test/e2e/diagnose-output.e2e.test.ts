import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {ROOT, storctl} from '../helpers/cli.js'

// Golden files for what users read; UPDATE_GOLDEN=1 npm test rewrites them after a deliberate change.
const GOLDEN = path.join(ROOT, 'test/golden')

function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name)
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, actual)
  expect(existsSync(file), `missing golden ${name}: run UPDATE_GOLDEN=1 npm test`).toBe(true)
  expect(actual).toBe(readFileSync(file, 'utf8'))
}

describe('human output of a sample, against golden files', () => {
  test.each([
    ['text', 'go-master-cgo-sigsegv-shutdown.txt', 'samples/go-master-cgo-sigsegv-shutdown.log'],
    ['markdown', 'cpp-pegasus-tcmalloc-invalid-free-glog.md', 'samples/cpp-pegasus-tcmalloc-invalid-free-glog.log'],
    ['text', 'multi-restart-go-datanode-nilptr-twice.txt', 'samples/multi-restart-go-datanode-nilptr-twice.log'],
  ])('%s: %s', (format, goldenName, sample) => {
    const r = storctl(['diagnose', sample, '--format', format])
    expect(r.status).toBe(1)
    golden(goldenName, r.stdout)
  })
})

test('NUL bytes, invalid UTF-8 and CRLF line ends do not hide a crash', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-bytes-'))
  const file = path.join(dir, 'mangled.log')
  const crash = readFileSync(path.join(ROOT, 'samples/go-datanode-nil-pointer-panic.log'), 'utf8').replaceAll('\n', '\r\n')
  writeFileSync(file, Buffer.concat([Buffer.from('boot \x00\x00 ok\r\n\xff\xfe garbage \xc3\x28\r\n', 'latin1'), Buffer.from(crash)]))
  const r = storctl(['diagnose', file, '--json'])
  expect(r.status).toBe(1)
  const report = JSON.parse(r.stdout)
  expect(report.crashes).toHaveLength(1)
  expect(report.crashes[0].kinds).toEqual(['panic', 'sigsegv'])
  expect(report.crashes[0].diagnosis.evidence.every((e: {text: string}) => !e.text.endsWith('\r'))).toBe(true)
})
