import {readdirSync, readFileSync, statSync} from 'node:fs'
import path from 'node:path'
import {TypeCompiler} from '@sinclair/typebox/compiler'
import {LineCounter, parseDocument} from 'yaml'
import {packageRoot} from '../package-root.js'
import {RuleSchema, type RuleSpec} from './schema.js'
import {snapshotData} from './snapshot.js'

/** A rule file that cannot be used, said with its place and a way out. */
export interface RuleProblem {
  file: string
  line: number | null
  field: string
  message: string
  hint: string
}

export interface LoadedRule {
  spec: RuleSpec
  file: string
  /** Where it came from: the built-in library or a user's directory (which may override it). */
  origin: 'builtin' | 'user'
  /** Every pattern of the rule, compiled, by its place in the file (e.g. `conditions/0/frames/1`). */
  patterns: Map<string, RegExp>
}

export interface RuleSet {
  rules: LoadedRule[]
  problems: RuleProblem[]
}

let compiledChecker: ReturnType<typeof TypeCompiler.Compile<typeof RuleSchema>> | null = null
/** The schema's validator, compiled on first use (worker threads revive rules without it). */
function checker(): ReturnType<typeof TypeCompiler.Compile<typeof RuleSchema>> {
  compiledChecker ??= TypeCompiler.Compile(RuleSchema)
  return compiledChecker
}
/** Fields whose values are regular expressions, found anywhere in a rule. */
const PATTERN_KEYS = new Set(['frames', 'message', 'line'])

export function builtinRulesDir(): string {
  return path.join(packageRoot(), 'rules')
}

function ruleFiles(dir: string): string[] {
  const found: string[] = []
  for (const entry of readdirSync(dir, {withFileTypes: true}).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory() && entry.name !== 'kinds') found.push(...ruleFiles(full))
    else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) found.push(full)
  }
  return found
}

function collectPatterns(value: unknown, at: string[], out: Map<string, string>, underPatternKey = false): void {
  if (typeof value === 'string' && underPatternKey) out.set(at.join('/'), value)
  else if (Array.isArray(value)) value.forEach((v, i) => collectPatterns(v, [...at, String(i)], out, underPatternKey))
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectPatterns(v, [...at, k], out, PATTERN_KEYS.has(k))
  }
}

/** A rule pattern: a JavaScript regex, case-insensitive when it starts with `(?i)`. */
export function compilePattern(source: string): RegExp {
  return source.startsWith('(?i)') ? new RegExp(source.slice(4), 'i') : new RegExp(source)
}

/** Every pattern of a rule that already passed its checks, compiled. */
function compiledPatterns(spec: RuleSpec): Map<string, RegExp> {
  const sources = new Map<string, string>()
  collectPatterns(spec.conditions, ['conditions'], sources)
  return new Map([...sources].map(([at, source]): [string, RegExp] => [at, compilePattern(source)]))
}

/** Loads one rule file: YAML, schema, id = file name, every pattern compiled (a built-in file unchanged since the build: as the build checked it). */
export function loadRuleFile(file: string, origin: LoadedRule['origin']): {rule?: LoadedRule; problems: RuleProblem[]} {
  const text = readFileSync(file, 'utf8')
  const checked = origin === 'builtin' ? (snapshotData(file, text) as RuleSpec | undefined) : undefined
  if (checked !== undefined) return {rule: {spec: checked, file, origin, patterns: compiledPatterns(checked)}, problems: []}
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, {lineCounter, prettyErrors: false})
  const lineOf = (at: string[]): number | null => {
    const node = doc.getIn(at, true) as {range?: [number, number, number]} | undefined
    return node?.range ? lineCounter.linePos(node.range[0]).line : null
  }
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!
    return {problems: [{file, line: e.linePos?.[0]?.line ?? null, field: '', message: e.message.split('\n')[0]!, hint: 'fix the YAML syntax (indentation, quoting of values with ": ")'}]}
  }
  const data: unknown = doc.toJS()
  const problems: RuleProblem[] = []
  for (const error of checker().Errors(data)) {
    const at = error.path.split('/').filter(Boolean)
    problems.push({file, line: lineOf(at), field: error.path || '/', message: error.message, hint: 'see rules/schema.json for what this field takes'})
    if (problems.length >= 5) break
  }
  if (problems.length > 0) return {problems}
  const spec = data as RuleSpec
  const expectedId = path.basename(file).replace(/\.ya?ml$/, '')
  if (spec.id !== expectedId) problems.push({file, line: lineOf(['id']), field: '/id', message: `id ${spec.id} differs from the file name`, hint: `rename the file to ${spec.id}.yaml or set id: ${expectedId}`})
  const sources = new Map<string, string>()
  collectPatterns(spec.conditions, ['conditions'], sources)
  const patterns = new Map<string, RegExp>()
  for (const [at, source] of sources) {
    try {
      patterns.set(at, compilePattern(source))
    } catch (error) {
      problems.push({file, line: lineOf(at.split('/')), field: `/${at}`, message: `not a valid regular expression: ${(error as Error).message}`, hint: 'escape ( ) [ ] . * + ? with a backslash to match them literally'})
    }
  }
  return problems.length > 0 ? {problems} : {rule: {spec, file, origin, patterns}, problems}
}

/** A rule the main thread loaded, rebuilt in a worker from its plain data (patterns compile again). */
export function reviveRule(plain: Pick<LoadedRule, 'spec' | 'file' | 'origin'>): LoadedRule {
  return {...plain, patterns: compiledPatterns(plain.spec)}
}

/** Loads the built-in library and the user's directories; a user rule replaces a built-in one of its id. */
export function loadRules(userDirs: readonly string[] = []): RuleSet {
  const byId = new Map<string, LoadedRule>()
  const problems: RuleProblem[] = []
  const sources: [string, LoadedRule['origin']][] = [[builtinRulesDir(), 'builtin'], ...userDirs.map((d): [string, LoadedRule['origin']] => [d, 'user'])]
  for (const [dir, origin] of sources) {
    let files: string[]
    try {
      files = statSync(dir).isDirectory() ? ruleFiles(dir) : [dir]
    } catch {
      problems.push({file: dir, line: null, field: '', message: `no such rules directory: ${dir}`, hint: 'check --rules / STORCTL_RULES'})
      continue
    }
    const seenHere = new Set<string>()
    for (const file of files) {
      const {rule, problems: found} = loadRuleFile(file, origin)
      problems.push(...found)
      if (!rule) continue
      if (seenHere.has(rule.spec.id)) {
        problems.push({file, line: 1, field: '/id', message: `duplicate rule id ${rule.spec.id}`, hint: 'give each rule its own id (= its file name)'})
        continue
      }
      seenHere.add(rule.spec.id)
      byId.set(rule.spec.id, rule)
    }
  }
  return {rules: [...byId.values()], problems}
}
