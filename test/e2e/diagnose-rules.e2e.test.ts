import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {expect, test} from 'vitest'
import {ROOT, STACK_LINE, storctl} from '../helpers/cli.js'

const SAMPLE = 'samples/go-master-cgo-sigsegv-shutdown.log'
const BUILTIN = path.join(ROOT, 'rules/cubefs/cubefs-master-shutdown-rocksdb-race.yaml')

test('a known root cause is named with its confidence, evidence and references', () => {
  const r = storctl(['diagnose', SAMPLE, '--json'])
  const [crash] = JSON.parse(r.stdout).crashes
  expect(crash.diagnosis).toMatchObject({rule: 'cubefs-master-shutdown-rocksdb-race', references: expect.arrayContaining(['https://github.com/cubefs/cubefs/issues/3128'])})
  expect(crash.diagnosis.confidence).toBeGreaterThan(0.9)
  expect(crash.diagnosis.evidence.some((e: {why: string}) => e.why.includes('shutting down'))).toBe(true)
})

test('--explain says which conditions of each candidate rule matched', () => {
  const r = storctl(['diagnose', SAMPLE, '--explain', '--json'])
  const explanation = JSON.parse(r.stdout).crashes[0].diagnosis.explanation
  const rule = explanation.find((e: {rule: string}) => e.rule === 'cubefs-master-shutdown-rocksdb-race')
  expect(rule.applies).toBe(true)
  expect(rule.conditions.every((c: {matched: boolean}) => c.matched)).toBe(true)
  expect(storctl(['diagnose', SAMPLE, '--explain']).stdout).toContain('= explain:')
})

test('a user rule with the same id overrides the built-in one (--rules and STORCTL_RULES)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-rules-'))
  writeFileSync(path.join(dir, 'cubefs-master-shutdown-rocksdb-race.yaml'), readFileSync(BUILTIN, 'utf8').replace(/^title: .*$/m, 'title: Overridden by the user'))
  for (const run of [storctl(['diagnose', SAMPLE, '--json', '--rules', dir]), storctl(['diagnose', SAMPLE, '--json'], {env: {STORCTL_RULES: dir}})]) {
    expect(JSON.parse(run.stdout).crashes[0].diagnosis.title).toBe('Overridden by the user')
  }
})

test('a broken user rule: exit 3, file and line named, no stack', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-rules-'))
  writeFileSync(path.join(dir, 'my-bad-rule.yaml'), 'id: my-bad-rule\ntitle: x\nkinds: [sigsegv]\nconditions:\n  - frames: ["("]\n    weight: 1\n    why: y\nrootCause: z\nremediation: [a]\nreferences: []\nexamples: [{file: samples/x.log}]\n')
  const r = storctl(['diagnose', SAMPLE, '--rules', dir])
  expect(r.status).toBe(3)
  expect(r.stderr).toContain('my-bad-rule.yaml:5')
  expect(r.stderr).toContain('rules-invalid')
  expect(r.stderr).not.toMatch(STACK_LINE)
})
