import {readFileSync} from 'node:fs'
import path from 'node:path'
import {beforeAll, describe, expect, test} from 'vitest'
import {checkRuleExamples, type ExampleCheck} from '../../analyzer/rules/check-examples.js'
import {lintRules, type LintProblem} from '../../analyzer/rules/lint.js'
import {builtinRulesDir, loadRules} from '../../analyzer/rules/load.js'
import {ruleJsonSchema} from '../../cli/services/rules.js'

// The meta-test over every rule of the library, whatever rules it holds today.
const set = loadRules()
let problems: LintProblem[]
let check: ExampleCheck

beforeAll(async () => {
  ;[problems, check] = await Promise.all([lintRules(set), checkRuleExamples(set)])
}, 600_000)

const where = (p: LintProblem) => `${path.relative(builtinRulesDir(), p.file)}:${p.line ?? '?'}: ${p.field}: ${p.message} [${p.code}]`

describe('the rule library', () => {
  test('loads without a problem', () => {
    expect(set.problems).toEqual([])
    expect(set.rules.length).toBeGreaterThan(0)
  })

  test('lints clean: no error-severity problem', () => {
    expect(problems.filter((p) => p.severity === 'error').map(where)).toEqual([])
  })

  test('rules/schema.json is generated from RuleSchema (regenerate: node cli/bin/run.js rules schema > rules/schema.json)', () => {
    const onDisk: unknown = JSON.parse(readFileSync(path.join(builtinRulesDir(), 'schema.json'), 'utf8'))
    expect(onDisk).toEqual(ruleJsonSchema())
  })
})

describe.each(set.rules.map((r) => [r.spec.id]))('rule %s', (id) => {
  const result = () => check.rules.find((r) => r.rule === id)!

  test('is the top diagnosis of each of its examples', () => {
    expect(result().examples.filter((e) => !e.passed).map((e) => `${e.file} crash ${e.crash}: ${e.message}`)).toEqual([])
  })

  test('stays silent on the healthy samples', () => {
    expect(check.healthySamples.length).toBeGreaterThan(0)
    expect(result().falsePositives).toEqual([])
  })
})
