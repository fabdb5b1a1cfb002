import {readFileSync} from 'node:fs'
import path from 'node:path'
import {expect, test} from 'vitest'
import {parse} from 'yaml'
import {loadKindGuidance} from '../../analyzer/guidance/kinds.js'
import {builtinRulesDir, loadRuleFile, loadRules} from '../../analyzer/rules/load.js'
import {snapshotData} from '../../analyzer/rules/snapshot.js'

// The test run builds first (pretest), so dist/rules.snapshot.json holds the library as it is now.
const builtin = loadRules().rules

test('every built-in rule comes from the build\'s snapshot as its YAML reads', () => {
  expect(builtin.length).toBeGreaterThan(20)
  for (const rule of builtin) {
    const text = readFileSync(rule.file, 'utf8')
    expect(snapshotData(rule.file, text), rule.file).toEqual(rule.spec)
    // Read as a user's file, the same YAML goes through the parser and the schema again.
    const fromYaml = loadRuleFile(rule.file, 'user').rule!
    expect(fromYaml.spec, rule.file).toEqual(rule.spec)
    expect([...fromYaml.patterns.keys()]).toEqual([...rule.patterns.keys()])
  }
})

test('a file whose text changed since the build is not taken from the snapshot', () => {
  const rule = builtin[0]!
  const text = readFileSync(rule.file, 'utf8')
  expect(snapshotData(rule.file, `${text}\n# edited\n`)).toBeUndefined()
  expect(snapshotData('rules/not-a-rule.yaml', text)).toBeUndefined()
})

test('kind guidance comes from the snapshot too, as its YAML reads', () => {
  const file = path.join(builtinRulesDir(), 'kinds', 'oom.yaml')
  const text = readFileSync(file, 'utf8')
  expect(snapshotData(file, text)).toEqual(loadKindGuidance().get('oom'))
  expect(parse(text)).toEqual(loadKindGuidance().get('oom'))
})
