import {checkRuleExamples, lintRules, loadRules, RuleSchema, type ExampleCheck, type LintProblem, type LoadedRule, type RuleSet, type RuleSpec} from '../../analyzer/index.js'
import {ruleDirs} from '../lib/rule-dirs.js'
import {AbortError} from '../lib/errors.js'
import {EXIT} from '../lib/exit-codes.js'

/** rules lint / rules test found something to fix: like diagnose's 1, "look at the output". */
const EXIT_PROBLEMS_FOUND = EXIT.problemsFound
const CLOSE_IDS = 3

export interface RulesOptions {
  /** --rules DIR, in the order given. */
  dirs?: readonly string[]
  /** STORCTL_RULES: directories separated by the platform's path delimiter. */
  env?: string
}

export interface RuleSummary {
  id: string
  title: string
  systems: string[]
  kinds: string[]
  generic: boolean
  origin: LoadedRule['origin']
  file: string
}

export interface RuleDetail extends RuleSpec {
  origin: LoadedRule['origin']
  file: string
}

export interface LintResult {
  problems: LintProblem[]
  errors: number
  warnings: number
}

/** Users' rule directories: STORCTL_RULES first, then --rules, so the command line wins. */
export function userRuleDirs(options: RulesOptions): string[] {
  return ruleDirs(options.dirs, {STORCTL_RULES: options.env})
}

function loadOrAbort(dirs: readonly string[]): RuleSet {
  const set = loadRules(dirs)
  const first = set.problems[0]
  if (first) {
    const where = `${first.file}${first.line ? `:${first.line}` : ''}`
    const more = set.problems.length > 1 ? ` (and ${set.problems.length - 1} more problems)` : ''
    throw new AbortError(`${where}: ${first.field ? `${first.field}: ` : ''}${first.message}${more}`, {code: 'rules-invalid', hint: `${first.hint}; storctl rules lint lists every problem`})
  }
  return set
}

function summary(rule: LoadedRule): RuleSummary {
  const {spec} = rule
  return {id: spec.id, title: spec.title, systems: spec.systems ?? [], kinds: spec.kinds, generic: spec.generic ?? false, origin: rule.origin, file: rule.file}
}

export function listRules(options: RulesOptions): {rules: RuleSummary[]} {
  const rules = loadOrAbort(userRuleDirs(options)).rules.map(summary)
  return {rules: rules.sort((a, b) => a.id.localeCompare(b.id))}
}

function editDistance(a: string, b: string): number {
  let row = Array.from({length: b.length + 1}, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]!
}

/** Ids that contain what was typed, or are a few edits away from it. */
function closeIds(id: string, ids: readonly string[]): string[] {
  const scored = ids.map((candidate) => ({candidate, score: candidate.includes(id) || id.includes(candidate) ? 0 : editDistance(id, candidate)}))
  return scored.filter((s) => s.score <= Math.max(3, id.length / 3)).sort((a, b) => a.score - b.score).slice(0, CLOSE_IDS).map((s) => s.candidate)
}

export function showRule(id: string, options: RulesOptions): RuleDetail {
  const {rules} = loadOrAbort(userRuleDirs(options))
  const rule = rules.find((r) => r.spec.id === id)
  if (rule) return {...rule.spec, origin: rule.origin, file: rule.file}
  const close = closeIds(id, rules.map((r) => r.spec.id))
  const hint = close.length > 0 ? `did you mean ${close.join(', ')}? (storctl rules list shows every rule)` : 'storctl rules list shows every rule'
  throw new AbortError(`no rule with id ${id}`, {code: 'rule-not-found', hint})
}

/** Lints the library and the user's directories; load problems are findings here, not aborts. */
export async function lintRuleDirs(options: RulesOptions): Promise<LintResult & {exitCode: number}> {
  const dirs = userRuleDirs(options)
  const problems = await lintRules(loadRules(dirs), {ruleDirs: dirs})
  const errors = problems.filter((p) => p.severity === 'error').length
  return {problems, errors, warnings: problems.length - errors, exitCode: errors > 0 ? EXIT_PROBLEMS_FOUND : EXIT.ok}
}

export async function testRules(options: RulesOptions & {samples?: string}): Promise<ExampleCheck & {exitCode: number}> {
  const dirs = userRuleDirs(options)
  const check = await checkRuleExamples(loadOrAbort(dirs), options.samples, {ruleDirs: dirs}).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
    throw new AbortError(`no labels.jsonl in ${options.samples ?? 'the samples folder'}`, {code: 'input-no-labels', hint: 'name a folder with a labels.jsonl (--samples)', exit: EXIT.input})
  })
  return {...check, exitCode: check.passed ? EXIT.ok : EXIT_PROBLEMS_FOUND}
}

/** rules/schema.json: the JSON Schema RuleSchema already is, with the draft it follows. */
export function ruleJsonSchema(): Record<string, unknown> {
  return {$schema: 'http://json-schema.org/draft-07/schema#', ...JSON.parse(JSON.stringify(RuleSchema))}
}
