import {readFileSync} from 'node:fs'
import path from 'node:path'
import {availableParallelism} from 'node:os'
import type {Diagnostics} from 'recheck'
import {LineCounter, parseDocument} from 'yaml'
import {packageRoot} from '../package-root.js'
import {reportCache, resolveExample} from './check-examples.js'
import type {LoadedRule, RuleProblem, RuleSet} from './load.js'

export type LintCode =
  | 'rules-dir-missing'
  | 'yaml-syntax'
  | 'schema'
  | 'id-mismatch'
  | 'duplicate-id'
  | 'regex-invalid'
  | 'regex-redos'
  | 'regex-unchecked'
  | 'condition-unexercised'
  | 'references-missing'
  | 'remediation-missing'
  | 'example-missing'

export interface LintProblem {
  code: LintCode
  /** The rule's id (from its file name when it could not be loaded). */
  rule: string
  file: string
  line: number | null
  field: string
  message: string
  hint: string
  severity: 'error' | 'warning'
}

export interface LintOptions {
  /** Where example paths are resolved (default: the storctl package root). */
  root?: string
  /** Users' rule directories of the set (large example logs are scanned by workers that load them). */
  ruleDirs?: readonly string[]
  /** Milliseconds recheck may spend on one pattern before it says `unknown`. */
  redosTimeout?: number
}

/** recheck's own default is 10 s a pattern; a busy CI machine should not need more than this. */
const DEFAULT_REDOS_TIMEOUT_MS = 5000

/** The loader's problems carry no code: each kind is known by its field and wording, here only. */
const LOAD_PROBLEM_CODES: {code: LintCode; matches: (p: RuleProblem) => boolean}[] = [
  {code: 'rules-dir-missing', matches: (p) => p.message.startsWith('no such rules directory')},
  {code: 'duplicate-id', matches: (p) => p.message.startsWith('duplicate rule id')},
  {code: 'id-mismatch', matches: (p) => p.field === '/id' && p.message.endsWith('differs from the file name')},
  {code: 'regex-invalid', matches: (p) => p.message.startsWith('not a valid regular expression')},
  {code: 'yaml-syntax', matches: (p) => p.field === ''},
]

function fromLoadProblem(p: RuleProblem): LintProblem {
  const code = LOAD_PROBLEM_CODES.find((c) => c.matches(p))?.code ?? 'schema'
  return {code, rule: path.basename(p.file).replace(/\.ya?ml$/, ''), file: p.file, line: p.line, field: p.field, message: p.message, hint: p.hint, severity: 'error'}
}

/** Finds the line of a field of a rule file (the loaded rule keeps no positions). */
function lineFinder(file: string): (at: readonly (string | number)[]) => number | null {
  const lineCounter = new LineCounter()
  const doc = parseDocument(readFileSync(file, 'utf8'), {lineCounter})
  return (at) => {
    const node = doc.getIn(at, true) as {range?: [number, number, number]} | undefined
    return node?.range ? lineCounter.linePos(node.range[0]).line : null
  }
}

type Report = (p: Omit<LintProblem, 'rule' | 'file' | 'line'> & {at: readonly (string | number)[]}) => void

const redosCache = new Map<string, Promise<Diagnostics>>()

function redos(re: RegExp, timeout: number): Promise<Diagnostics> {
  const key = `/${re.source}/${re.flags}`
  let result = redosCache.get(key)
  if (!result) {
    // A fixed seed makes recheck's fuzzing give the same answer on every run (CI must not flake).
    // Loaded on first use: recheck is heavy, and only lint needs it.
    result = import('recheck').then(({check}) => check(re.source, re.flags, {timeout, randomSeed: 20261121}))
    redosCache.set(key, result)
  }
  return result
}

/** recheck's checks take up to `timeout` each: run them a few at a time, in order. */
async function checkAll(patterns: readonly RegExp[], timeout: number): Promise<Diagnostics[]> {
  const results: Diagnostics[] = []
  let next = 0
  const worker = async () => {
    while (next < patterns.length) {
      const i = next++
      results[i] = await redos(patterns[i]!, timeout)
    }
  }
  await Promise.all(Array.from({length: Math.max(2, availableParallelism())}, worker))
  return results
}

/** Exponential or cubic and worse is an error; quadratic is bounded by the line cut (8 KiB) and warned. */
function lintPatterns(rule: LoadedRule, report: Report, checked: ReadonlyMap<RegExp, Diagnostics>): void {
  for (const [at, re] of rule.patterns) {
    const d = checked.get(re)!
    const base = {at: at.split('/'), field: `/${at}`}
    if (d.status === 'unknown') {
      report({...base, code: 'regex-unchecked', severity: 'warning', message: `could not check for catastrophic backtracking (${'message' in d.error ? d.error.message : d.error.kind})`, hint: 'simplify the pattern: fewer nested quantifiers and alternations'})
    } else if (d.status === 'vulnerable') {
      const severe = d.complexity.type === 'exponential' || d.complexity.degree >= 3
      const attack = d.attack.pattern.length > 60 ? `${d.attack.pattern.slice(0, 57)}...` : d.attack.pattern
      report({
        ...base,
        code: 'regex-redos',
        severity: severe ? 'error' : 'warning',
        message: `open to catastrophic backtracking: ${d.complexity.summary} time on input like ${attack}`,
        hint: 'avoid nested quantifiers ((a+)+) and overlapping alternatives under a quantifier; anchor or bound repeats ({0,80})',
      })
    }
  }
}

function lintContent(rule: LoadedRule, report: Report): void {
  const {spec} = rule
  if (!spec.generic && spec.references.length === 0) {
    report({at: ['references'], field: '/references', code: 'references-missing', severity: 'error', message: 'a known root cause needs at least one reference', hint: 'link the issue, pull request or post-mortem that explains it (https://...)'})
  }
  if (spec.remediation.every((r) => r.trim() === '')) {
    report({at: ['remediation'], field: '/remediation', code: 'remediation-missing', severity: 'error', message: 'the rule says nothing to do', hint: 'add at least one remediation step'})
  }
}

/** Conditions that matched on none of the rule's examples are untested: warned, as lnav does. */
async function lintExamples(rule: LoadedRule, report: Report, crashesOf: ReturnType<typeof reportCache>, root: string): Promise<void> {
  const exercised = new Set<number>()
  for (const [i, example] of rule.spec.examples.entries()) {
    const file = resolveExample(rule, example, root)
    if (!file) {
      report({at: ['examples', i, 'file'], field: `/examples/${i}/file`, code: 'example-missing', severity: 'error', message: `no such example log: ${example.file}`, hint: 'name a log under samples/, relative to the repository root'})
      continue
    }
    const crashes = await crashesOf(file)
    for (const crash of example.crash ? crashes.slice(example.crash - 1, example.crash) : crashes) {
      const verdict = crash.diagnosis.explanation?.find((e) => e.rule === rule.spec.id)
      verdict?.conditions.forEach((c, j) => c.matched && exercised.add(j))
    }
  }
  rule.spec.conditions.forEach((_, j) => {
    if (exercised.has(j)) return
    report({at: ['conditions', j], field: `/conditions/${j}`, code: 'condition-unexercised', severity: 'warning', message: 'no example exercises this condition', hint: 'add an example log where it matches, or drop the condition'})
  })
}

/** Everything wrong with a rule set, beyond what loading refuses: errors first, then warnings. */
export async function lintRules(set: RuleSet, options: LintOptions = {}): Promise<LintProblem[]> {
  const problems = set.problems.map(fromLoadProblem)
  const root = options.root ?? packageRoot()
  const crashesOf = reportCache(set, options.ruleDirs)
  const patterns = set.rules.flatMap((r) => [...r.patterns.values()])
  const diagnostics = await checkAll(patterns, options.redosTimeout ?? DEFAULT_REDOS_TIMEOUT_MS)
  const checked = new Map(patterns.map((re, i) => [re, diagnostics[i]!]))
  for (const rule of set.rules) {
    const lineOf = lineFinder(rule.file)
    const report: Report = ({at, ...p}) => problems.push({...p, rule: rule.spec.id, file: rule.file, line: lineOf(at)})
    lintContent(rule, report)
    lintPatterns(rule, report, checked)
    await lintExamples(rule, report, crashesOf, root)
  }
  return problems.sort((a, b) => Number(a.severity === 'warning') - Number(b.severity === 'warning'))
}
