import {diagnoseLog} from '../diagnose.js'
import {loadRules} from '../rules/load.js'
import type {TraceFormat} from '../formats/types.js'
import type {CrashReport} from '../report/types.js'
import {readLabels, type LabelledCase} from './labels.js'

export type {LabelledCase} from './labels.js'

export interface CaseOutcome {
  id: string
  dir: string
  expected: Pick<LabelledCase, 'kinds' | 'primary' | 'crashes' | 'rootCause'>
  found: {crashes: number; kinds: string[]; rules: (string | null)[]}
  detected: boolean
  kindOk: boolean
  countOk: boolean
  rootCauseOk: boolean | null
  misses: string[]
}

export interface Rate {
  hit: number
  of: number
}

export interface EvaluationResult {
  cases: CaseOutcome[]
  detection: Rate
  primaryKind: Rate
  exactPrimary: Rate
  negativesClean: Rate
  crashCount: Rate
  rootCause: Rate
}

const isNegative = (c: LabelledCase) => c.kinds.includes('none')

function judge(c: LabelledCase, dir: string, crashes: CrashReport[]): CaseOutcome {
  const kinds = crashes.map((r) => r.kind)
  const rules = crashes.map((r) => r.diagnosis.rule)
  const labelled = new Set<string>(c.kinds)
  const detected = isNegative(c) ? crashes.length === 0 : crashes.length > 0
  const kindOk = isNegative(c) ? crashes.length === 0 : crashes.length > 0 && kinds.every((k) => labelled.has(k))
  const countOk = crashes.length === c.crashes || (c.crashes === 0 && !isNegative(c) && crashes.length <= 1)
  const rootCauseOk = c.rootCause === null ? null : rules.includes(c.rootCause)
  const misses: string[] = []
  if (!detected) misses.push(isNegative(c) ? `false alarm: ${kinds.join(',')}` : 'no crash found')
  else if (!kindOk) misses.push(`kind ${kinds.join(',')} not in labelled ${c.kinds.join(',')}`)
  if (!countOk) misses.push(`${crashes.length} crashes, labelled ${c.crashes}`)
  if (rootCauseOk === false) misses.push(`rule ${rules.join(',') || 'none'}, labelled ${c.rootCause}`)
  return {
    id: c.id,
    dir,
    expected: {kinds: c.kinds, primary: c.primary, crashes: c.crashes, rootCause: c.rootCause},
    found: {crashes: crashes.length, kinds, rules},
    detected,
    kindOk,
    countOk,
    rootCauseOk,
    misses,
  }
}

function rate(cases: CaseOutcome[], pick: (c: CaseOutcome) => boolean | null): Rate {
  const judged = cases.map(pick).filter((v): v is boolean => v !== null)
  return {hit: judged.filter(Boolean).length, of: judged.length}
}

/** Scores diagnose against labelled folders (each with a labels.jsonl). */
export async function evaluate(dirs: readonly string[], options: {formats?: readonly TraceFormat[]; ruleDirs?: readonly string[]} = {}): Promise<EvaluationResult> {
  const {formats, ruleDirs = []} = options
  const rules = loadRules(ruleDirs)
  const cases: CaseOutcome[] = []
  for (const dir of dirs) {
    for (const c of await readLabels(dir)) {
      const {report, problems} = await diagnoseLog([c.path], {formats, rules})
      if (problems.length > 0) throw problems[0]
      cases.push(judge(c, dir, report.crashes))
    }
  }
  const positives = (c: CaseOutcome) => !c.expected.kinds.includes('none')
  return {
    cases,
    detection: rate(cases, (c) => (positives(c) ? c.detected : null)),
    primaryKind: rate(cases, (c) => (positives(c) && c.detected ? c.kindOk : null)),
    exactPrimary: rate(cases, (c) => (positives(c) && c.detected ? c.found.kinds[0] === c.expected.primary : null)),
    negativesClean: rate(cases, (c) => (positives(c) ? null : c.detected)),
    crashCount: rate(cases, (c) => c.countOk),
    rootCause: rate(cases, (c) => c.rootCauseOk),
  }
}
