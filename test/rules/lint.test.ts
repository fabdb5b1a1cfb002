import {mkdirSync, mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {beforeAll, describe, expect, test} from 'vitest'
import {lintRules, type LintProblem} from '../../analyzer/rules/lint.js'
import {loadRules} from '../../analyzer/rules/load.js'

/** A valid rule; `patch` replaces whole lines by their key. */
function rule(id: string, patch: {message?: string; minConfidence?: string; example?: string} = {}): string {
  return [
    `id: ${id}`,
    'title: A test rule',
    'kinds: [panic]',
    `minConfidence: ${patch.minConfidence ?? '0.5'}`,
    'conditions:',
    `  - message: '${patch.message ?? 'nil pointer dereference'}'`,
    '    weight: 1',
    '    why: the panic says so',
    'rootCause: a nil pointer',
    'remediation: [check for nil]',
    'references: [https://example.com/issue/1]',
    'examples:',
    `  - file: ${patch.example ?? 'samples/go-datanode-nil-pointer-panic.log'}`,
    '',
  ].join('\n')
}

let dir: string
let problems: LintProblem[]
const mine = (id: string) => problems.filter((p) => p.rule === id)

beforeAll(async () => {
  // Given a user rule folder with one mistake per rule
  dir = mkdtempSync(path.join(tmpdir(), 'storctl-lint-'))
  mkdirSync(path.join(dir, 'a'))
  mkdirSync(path.join(dir, 'b'))
  writeFileSync(path.join(dir, 'test-redos.yaml'), rule('test-redos', {message: '^(a+)+$'}))
  writeFileSync(path.join(dir, 'test-bad-regex.yaml'), rule('test-bad-regex', {message: 'nil pointer (dereference'}))
  writeFileSync(path.join(dir, 'test-schema.yaml'), rule('test-schema', {minConfidence: '2'}))
  writeFileSync(path.join(dir, 'test-no-example.yaml'), rule('test-no-example', {example: 'samples/no-such-log.log'}))
  writeFileSync(path.join(dir, 'a', 'test-twice.yaml'), rule('test-twice'))
  writeFileSync(path.join(dir, 'b', 'test-twice.yaml'), rule('test-twice'))
  // When it is linted with the library
  problems = await lintRules(loadRules([dir]), {ruleDirs: [dir]})
}, 300_000)

describe('lintRules', () => {
  test('a pattern open to catastrophic backtracking is an error naming its complexity', () => {
    const [p] = mine('test-redos').filter((x) => x.code === 'regex-redos')
    expect(p).toMatchObject({severity: 'error', field: '/conditions/0/message', line: 6})
    expect(p!.message).toMatch(/exponential/)
  })

  test('a regex that does not compile', () => {
    expect(mine('test-bad-regex').map((p) => p.code)).toContain('regex-invalid')
  })

  test('a schema error, on the line of its field', () => {
    expect(mine('test-schema')).toEqual([expect.objectContaining({code: 'schema', field: '/minConfidence', line: 4, severity: 'error'})])
  })

  test('an example log that does not exist', () => {
    expect(mine('test-no-example').filter((p) => p.severity === 'error')).toEqual([expect.objectContaining({code: 'example-missing', field: '/examples/0/file', line: 13})])
  })

  test('two rules of one id', () => {
    expect(mine('test-twice').map((p) => p.code)).toEqual(['duplicate-id'])
  })

  test('a condition no example makes match is a warning', () => {
    const p = mine('test-no-example').find((x) => x.code === 'condition-unexercised')
    expect(p).toMatchObject({severity: 'warning', field: '/conditions/0', line: 6})
  })

  test('a clean rule proven by its example has no problem', async () => {
    const clean = mkdtempSync(path.join(tmpdir(), 'storctl-lint-clean-'))
    writeFileSync(path.join(clean, 'test-clean.yaml'), rule('test-clean', {message: 'nil pointer dereference'}))
    const found = await lintRules(loadRules([clean]), {ruleDirs: [clean]})
    expect(found.filter((p) => p.rule === 'test-clean')).toEqual([])
  }, 300_000)

  test('a rule of a known root cause without references', async () => {
    const bare = mkdtempSync(path.join(tmpdir(), 'storctl-lint-refs-'))
    writeFileSync(path.join(bare, 'test-no-refs.yaml'), rule('test-no-refs').replace('references: [https://example.com/issue/1]', 'references: []'))
    const found = await lintRules(loadRules([bare]), {ruleDirs: [bare]})
    expect(found.filter((p) => p.rule === 'test-no-refs').map((p) => p.code)).toEqual(['references-missing'])
  }, 300_000)
})
