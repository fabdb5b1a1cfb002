import {existsSync} from 'node:fs'
import path from 'node:path'
import {diagnoseLog} from '../diagnose.js'
import {readLabels} from '../eval/labels.js'
import {packageRoot} from '../package-root.js'
import type {CrashReport} from '../report/types.js'
import type {LoadedRule, RuleSet} from './load.js'

type Example = LoadedRule['spec']['examples'][number]

export interface ExampleOutcome {
  file: string
  /** The crash of the file that must be diagnosed by the rule (1-based). */
  crash: number
  passed: boolean
  /** What the top diagnosis was instead: a rule id, `generic:<id>` or `kind guidance`. */
  got: string | null
  message: string
}

export interface HealthyHit {
  sample: string
  crash: string
}

export interface RuleExampleResult {
  rule: string
  file: string
  passed: boolean
  examples: ExampleOutcome[]
  /** Healthy samples on which this (specific) rule applied. */
  falsePositives: HealthyHit[]
}

export interface ExampleCheck {
  passed: boolean
  rules: RuleExampleResult[]
  /** The healthy samples every specific rule must stay silent on. */
  healthySamples: string[]
}

/** An example's log: relative to the repository root, else to the rule's own folder. */
export function resolveExample(rule: LoadedRule, example: Example, root = packageRoot()): string | null {
  const candidates = path.isAbsolute(example.file) ? [example.file] : [path.resolve(root, example.file), path.resolve(path.dirname(rule.file), example.file)]
  return candidates.find((c) => existsSync(c)) ?? null
}

/** Diagnoses each log once, with explanations, however many rules cite it. */
export function reportCache(set: RuleSet, ruleDirs: readonly string[] = []): (file: string) => Promise<CrashReport[]> {
  const cache = new Map<string, Promise<CrashReport[]>>()
  const rules: RuleSet = {rules: set.rules, problems: []}
  return (file) => {
    let crashes = cache.get(file)
    if (!crashes) {
      crashes = diagnoseLog([file], {rules, ruleDirs, explain: true}).then((r) => r.report.crashes)
      cache.set(file, crashes)
    }
    return crashes
  }
}

function topName(c: CrashReport): string {
  return c.diagnosis.rule ?? (c.diagnosis.generic ? `generic:${c.diagnosis.generic}` : 'kind guidance')
}

async function checkExample(rule: LoadedRule, example: Example, crashesOf: (file: string) => Promise<CrashReport[]>, root: string): Promise<ExampleOutcome> {
  const crash = example.crash ?? 1
  const base = {file: example.file, crash}
  const file = resolveExample(rule, example, root)
  if (!file) return {...base, passed: false, got: null, message: `no such file: ${example.file}`}
  const report = (await crashesOf(file))[crash - 1]
  if (!report) return {...base, passed: false, got: null, message: `the log has no crash ${crash}`}
  const {spec} = rule
  const top = spec.generic ? report.diagnosis.generic : report.diagnosis.rule
  if (top === spec.id) return {...base, passed: true, got: spec.id, message: `top diagnosis (confidence ${report.diagnosis.confidence})`}
  const why = report.diagnosis.explanation?.find((e) => e.rule === spec.id)?.reason ?? `not for ${report.kinds.join('/')} crashes`
  return {...base, passed: false, got: topName(report), message: `top diagnosis is ${topName(report)}; this rule: ${why}`}
}

/** Specific rules that applied to a crash of a healthy log. */
function falseAlarms(set: RuleSet, sample: string, crashes: readonly CrashReport[]): Map<string, HealthyHit[]> {
  const specific = new Set(set.rules.filter((r) => !r.spec.generic).map((r) => r.spec.id))
  const hits = new Map<string, HealthyHit[]>()
  for (const c of crashes) {
    for (const e of c.diagnosis.explanation ?? []) {
      if (e.applies && specific.has(e.rule)) hits.set(e.rule, [...(hits.get(e.rule) ?? []), {sample, crash: `${c.id} at lines ${c.lines.start}-${c.lines.end}`}])
    }
  }
  return hits
}

export interface CheckExamplesOptions {
  /** Where example paths are resolved (default: the storctl package root). */
  root?: string
  /** Users' rule directories of the set (large logs are scanned by workers that load them). */
  ruleDirs?: readonly string[]
}

/** Every example must be its rule's top diagnosis; no specific rule may apply to a healthy sample. */
export async function checkRuleExamples(set: RuleSet, samplesDir = path.join(packageRoot(), 'samples'), options: CheckExamplesOptions = {}): Promise<ExampleCheck> {
  const root = options.root ?? packageRoot()
  const crashesOf = reportCache(set, options.ruleDirs)
  const healthy = (await readLabels(samplesDir)).filter((c) => c.kinds.length === 1 && c.kinds[0] === 'none')
  const alarms = new Map<string, HealthyHit[]>()
  for (const sample of healthy) {
    for (const [rule, hits] of falseAlarms(set, sample.file, await crashesOf(sample.path))) alarms.set(rule, [...(alarms.get(rule) ?? []), ...hits])
  }
  const rules: RuleExampleResult[] = []
  for (const rule of set.rules) {
    const examples: ExampleOutcome[] = []
    for (const example of rule.spec.examples) examples.push(await checkExample(rule, example, crashesOf, root))
    const falsePositives = alarms.get(rule.spec.id) ?? []
    rules.push({rule: rule.spec.id, file: rule.file, passed: examples.every((e) => e.passed) && falsePositives.length === 0, examples, falsePositives})
  }
  return {passed: rules.every((r) => r.passed), rules, healthySamples: healthy.map((h) => h.file)}
}
