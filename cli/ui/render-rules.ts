import path from 'node:path'
import {Ansis} from 'ansis'
import type {Condition, ExampleCheck, LintProblem} from '../../analyzer/index.js'
import type {LintResult, RuleDetail, RuleSummary} from '../services/rules.js'
import {neutralise} from './sanitize.js'

export interface RulesStyle {
  color: boolean
}

const show = (text: string) => neutralise(text)
const re = (source: string) => `/${show(source)}/`
const within = (w: {lines?: number; seconds?: number} | undefined) =>
  [w?.lines !== undefined ? `${w.lines} lines` : '200 lines', w?.seconds !== undefined ? `${w.seconds} s` : null].filter(Boolean).join(', ')

/** Each condition type says itself in words; the key that names the type picks the sentence. */
const CONDITION_TEXT: Record<string, (c: never) => string> = {
  frames: (c: Extract<Condition, {frames: string[]}>) => `frames${c.inOrder ? ' in order' : ''}${c.top ? ` (top ${c.top})` : ''}: ${c.frames.map(re).join(' < ')}`,
  message: (c: Extract<Condition, {message: string}>) => `message matches ${re(c.message)}`,
  signal: (c: Extract<Condition, {signal: string[]}>) => `signal is ${c.signal.join(' or ')}`,
  faultAddress: (c: Extract<Condition, {faultAddress: object}>) =>
    `fault address ${[c.faultAddress.atLeast ? `at least ${c.faultAddress.atLeast}` : '', c.faultAddress.below ? `below ${c.faultAddress.below}` : ''].filter(Boolean).join(' and ') || 'present'}`,
  event: (c: Extract<Condition, {event: object}>) => `a ${c.event.kind} event${c.event.minBytes !== undefined ? ` of at least ${c.event.minBytes} bytes` : ''}`,
  before: (c: Extract<Condition, {before: object}>) => `a line before the crash matches ${re(c.before.line)} (within ${within(c.before.within)})`,
  after: (c: Extract<Condition, {after: object}>) => `a line after the crash matches ${re(c.after.line)} (within ${within(c.after.within)})`,
  version: (c: Extract<Condition, {version: object}>) => `version captured by ${re(c.version.line)} is in ${show(c.version.range)}`,
}

function conditionText(c: Condition): string {
  const type = Object.keys(CONDITION_TEXT).find((k) => k in c)!
  return (CONDITION_TEXT[type] as (c: Condition) => string)(c)
}

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file)
  return show(rel.startsWith('..') ? file : rel)
}

export function renderRuleList(result: {rules: RuleSummary[]}, style: RulesStyle): string {
  const a = new Ansis(style.color ? 3 : 0)
  if (result.rules.length === 0) return 'no rules'
  const width = Math.max(...result.rules.map((r) => r.id.length))
  const lines = result.rules.map((r) => {
    const tags = [r.kinds.join('/'), r.systems.length > 0 ? r.systems.join('/') : 'any system', r.generic ? 'generic' : '', r.origin === 'user' ? 'user' : ''].filter(Boolean)
    return `${a.bold(show(r.id).padEnd(width))}  ${show(r.title)} ${a.dim(`[${show(tags.join(', '))}]`)}`
  })
  return [...lines, a.dim(`${result.rules.length} rules`)].join('\n')
}

export function renderRule(rule: RuleDetail, style: RulesStyle): string {
  const a = new Ansis(style.color ? 3 : 0)
  const field = (name: string, value: string) => `${a.dim(`${name}:`.padEnd(12))}${value}`
  const out = [`${a.bold(show(rule.id))}  ${show(rule.title)}`, field('file', `${relative(rule.file)} (${rule.origin})`)]
  out.push(field('kinds', rule.kinds.join(', ')), field('systems', show(rule.systems?.join(', ') || 'any')))
  if (rule.components?.length) out.push(field('components', show(rule.components.join(', '))))
  out.push(field('generic', rule.generic ? 'yes: advice for a kind of crash' : 'no: a known root cause'), field('applies at', `confidence ${rule.minConfidence ?? 0.5} or more`))
  out.push('', a.bold('Conditions'))
  for (const c of rule.conditions) {
    out.push(`  ${a.cyan(c.weight.toFixed(2))}${c.required ? a.yellow(' required') : ''}  ${conditionText(c)}`, `        ${a.dim(show(c.why))}`)
  }
  out.push('', a.bold('Root cause'), `  ${show(rule.rootCause.trim())}`, '', a.bold('Remediation'), ...rule.remediation.map((r, i) => `  ${i + 1}. ${show(r)}`))
  if (rule.references.length > 0) out.push('', a.bold('References'), ...rule.references.map((r) => `  ${show(r)}`))
  out.push('', a.bold('Examples'), ...rule.examples.map((e) => `  ${show(e.file)}${e.crash ? ` (crash ${e.crash})` : ''}`))
  return out.join('\n')
}

function problemLine(p: LintProblem, a: Ansis): string {
  const where = `${relative(p.file)}${p.line ? `:${p.line}` : ''}`
  const level = p.severity === 'error' ? a.red('error') : a.yellow('warning')
  return `${where}: ${p.field ? `${show(p.field)}: ` : ''}${show(p.message)} (${show(p.hint)}) ${level} ${a.dim(`[${p.code}]`)}`
}

export function renderLint(result: LintResult, style: RulesStyle): string {
  const a = new Ansis(style.color ? 3 : 0)
  const total = `${result.errors} errors, ${result.warnings} warnings`
  return [...result.problems.map((p) => problemLine(p, a)), result.problems.length === 0 ? a.green('rules are clean') : total].join('\n')
}

export function renderRuleTests(check: ExampleCheck, style: RulesStyle): string {
  const a = new Ansis(style.color ? 3 : 0)
  const out: string[] = []
  for (const r of check.rules) {
    out.push(`${r.passed ? a.green('ok  ') : a.red('FAIL')} ${show(r.rule)}`)
    for (const e of r.examples.filter((x) => !x.passed)) out.push(`       ${show(e.file)} crash ${e.crash}: ${show(e.message)}`)
    for (const f of r.falsePositives) out.push(`       applies to healthy ${show(f.sample)} (${show(f.crash)})`)
  }
  const failed = check.rules.filter((r) => !r.passed).length
  out.push('', `${check.rules.length} rules, ${failed} failed; ${check.healthySamples.length} healthy samples checked`)
  return out.join('\n')
}
