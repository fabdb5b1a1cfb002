import {execFile} from 'node:child_process'
import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {beforeAll, describe, expect, test} from 'vitest'
import {ROOT, STACK_LINE, storctl, type CliRun} from '../helpers/cli.js'

/**
 * rules lint runs a ReDoS check per pattern: more than the helper's minute on a busy machine. Run
 * without blocking the test worker, whose reports to vitest time out after a minute of silence.
 */
function slowStorctl(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'cli/bin/run.js'), ...args], {cwd: ROOT, env: {...process.env, NO_COLOR: '1', ...env}, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20}, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null
      resolve({status: code, stdout, stderr})
    })
  })
}

const USER_RULE = `id: test-user-nil-panic
title: A user's own rule
kinds: [panic]
conditions:
  - message: 'nil pointer dereference'
    weight: 1
    why: the panic says so
rootCause: a nil pointer
remediation: [check for nil]
references: [https://example.com/issue/1]
examples:
  - file: samples/go-datanode-nil-pointer-panic.log
`

let userDir: string
beforeAll(() => {
  userDir = mkdtempSync(path.join(tmpdir(), 'storctl-rules-e2e-'))
  writeFileSync(path.join(userDir, 'test-user-nil-panic.yaml'), USER_RULE)
})

describe('storctl rules', () => {
  test('list --json: every built-in rule with id, title, systems, kinds, generic', () => {
    const r = storctl(['rules', 'list', '--json'])
    expect(r.status).toBe(0)
    const {rules} = JSON.parse(r.stdout) as {rules: {id: string; title: string; systems: string[]; kinds: string[]; generic: boolean}[]}
    expect(rules.map((x) => x.id)).toContain('cubefs-master-shutdown-rocksdb-race')
    for (const rule of rules) expect(rule).toEqual(expect.objectContaining({id: expect.any(String), title: expect.any(String), systems: expect.any(Array), kinds: expect.any(Array), generic: expect.any(Boolean)}))
  })

  test('list honours STORCTL_RULES and --rules', () => {
    const fromEnv = JSON.parse(storctl(['rules', 'list', '--json'], {env: {STORCTL_RULES: userDir}}).stdout) as {rules: {id: string; origin: string}[]}
    const fromFlag = JSON.parse(storctl(['rules', 'list', '--json', '--rules', userDir]).stdout) as {rules: {id: string; origin: string}[]}
    expect(fromEnv.rules).toContainEqual(expect.objectContaining({id: 'test-user-nil-panic', origin: 'user'}))
    expect(fromFlag.rules).toContainEqual(expect.objectContaining({id: 'test-user-nil-panic', origin: 'user'}))
  })

  test('show <id>: conditions, root cause and remediation', () => {
    const r = storctl(['rules', 'show', 'cubefs-master-shutdown-rocksdb-race'])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/Conditions\n +0\.40 required +frames: /)
    expect(r.stdout).toContain('Remediation')
    const json = JSON.parse(storctl(['rules', 'show', 'cubefs-master-shutdown-rocksdb-race', '--json']).stdout) as {conditions: unknown[]}
    expect(json.conditions.length).toBeGreaterThan(0)
  })

  test('show of an unknown id: exit 2, code rule-not-found, close ids, no stack', () => {
    const r = storctl(['rules', 'show', 'cubefs-master-shutdown-rocksdb-rase'])
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/Code: rule-not-found/)
    expect(r.stderr).toContain('cubefs-master-shutdown-rocksdb-race')
    expect(r.stdout + r.stderr).not.toMatch(STACK_LINE)
    const json = storctl(['rules', 'show', 'cubefs-master-shutdown-rocksdb-rase', '--json'])
    expect(JSON.parse(json.stdout)).toMatchObject({error: {code: 'rule-not-found'}})
  })

  test('schema: draft-07 JSON Schema, the same as rules/schema.json', () => {
    const r = storctl(['rules', 'schema'])
    expect(r.status).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({$schema: 'http://json-schema.org/draft-07/schema#', type: 'object'})
  })

  test('lint: exit 0 on the library', async () => {
    const r = await slowStorctl(['rules', 'lint', '--json'])
    expect(JSON.parse(r.stdout)).toMatchObject({errors: 0})
    expect(r.status).toBe(0)
  }, 600_000)

  test('lint: exit 1 and file:line: field: message (hint) on a bad rule', async () => {
    const bad = mkdtempSync(path.join(tmpdir(), 'storctl-rules-bad-'))
    writeFileSync(path.join(bad, 'test-bad-regex.yaml'), USER_RULE.replace('test-user-nil-panic', 'test-bad-regex').replace("'nil pointer dereference'", "'nil (pointer'"))
    const r = await slowStorctl(['rules', 'lint', '--rules', bad])
    expect(r.status).toBe(1)
    expect(r.stdout).toMatch(/test-bad-regex\.yaml:5: \/conditions\/0\/message: not a valid regular expression.* \(.+\) error \[regex-invalid\]/)
  }, 600_000)

  test('test: exit 0 when every example is its top diagnosis and healthy samples stay silent', async () => {
    const r = await slowStorctl(['rules', 'test', '--json'])
    const check = JSON.parse(r.stdout) as {passed: boolean; healthySamples: string[]}
    expect(check.healthySamples.length).toBeGreaterThan(0)
    expect(check.passed).toBe(true)
    expect(r.status).toBe(0)
  }, 600_000)

  test('test: exit 1 when a rule is not the top diagnosis of its example', async () => {
    const wrong = mkdtempSync(path.join(tmpdir(), 'storctl-rules-wrong-'))
    writeFileSync(path.join(wrong, 'test-wrong-example.yaml'), USER_RULE.replace('test-user-nil-panic', 'test-wrong-example').replace('go-datanode-nil-pointer-panic.log', 'cpp-replica-glog-sigfpe.log'))
    const r = await slowStorctl(['rules', 'test', '--rules', wrong, '--json'])
    expect(r.status).toBe(1)
    const check = JSON.parse(r.stdout) as {rules: {rule: string; passed: boolean}[]}
    expect(check.rules).toContainEqual(expect.objectContaining({rule: 'test-wrong-example', passed: false}))
  }, 600_000)
})
