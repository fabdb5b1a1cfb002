import {loadKindGuidance} from '../guidance/kinds.js'
import type {Incident} from '../model.js'
import {judgeIncident, verdictEvidence, type RuleVerdict} from '../rules/engine.js'
import type {LoadedRule} from '../rules/load.js'
import {crashReport, describeIncident, incidentEvidence, type CrashFacts} from './build-crash.js'
import type {CrashReport, Diagnosis, EvidenceLine, RuleExplanation} from './types.js'

const MAX_EVIDENCE = 16
const MAX_ALTERNATIVES = 3

export interface DiagnoseIncidentOptions {
  rules: readonly LoadedRule[]
  /** Say, per rule that could apply to the kind, which conditions matched and which did not. */
  explain?: boolean
}

function mergeEvidence(...lists: EvidenceLine[][]): EvidenceLine[] {
  // By line and text: the lines a flattened record expanded into share one line number.
  const byLine = new Map<string, EvidenceLine>()
  for (const e of lists.flat()) if (!byLine.has(`${e.line}\n${e.text}`)) byLine.set(`${e.line}\n${e.text}`, e)
  return [...byLine.values()].sort((a, b) => a.line - b.line).slice(0, MAX_EVIDENCE)
}

function explain(verdicts: readonly RuleVerdict[]): RuleExplanation[] {
  return verdicts
    .filter((v) => v.conditions.length > 0)
    .map((v) => ({
      rule: v.rule.spec.id,
      confidence: v.confidence,
      applies: v.applies,
      reason: v.reason,
      conditions: v.conditions.map((c) => ({type: c.type, matched: c.matched, weight: c.weight, required: c.required, detail: c.detail})),
    }))
}

function fromVerdict(verdict: RuleVerdict, incident: Incident): Diagnosis {
  const {spec} = verdict.rule
  return {
    rule: spec.generic ? null : spec.id,
    ...(spec.generic ? {generic: spec.id} : {}),
    title: spec.title,
    confidence: spec.generic ? 0 : verdict.confidence,
    rootCause: spec.rootCause.trim(),
    remediation: spec.remediation,
    references: spec.references,
    evidence: mergeEvidence(incidentEvidence(incident), verdictEvidence(verdict)),
    alternatives: [],
  }
}

function kindGuidance(incident: Incident, facts: CrashFacts): Diagnosis {
  const guidance = loadKindGuidance().get(facts.kind)!
  return {
    rule: null,
    title: guidance.title,
    confidence: 0,
    rootCause: guidance.rootCause,
    remediation: guidance.remediation,
    references: guidance.references,
    evidence: incidentEvidence(incident),
    alternatives: [],
  }
}

/** Diagnoses an incident: the best known root cause, else the best generic rule, else the kind's guidance. */
export function diagnoseIncident(incident: Incident, id: string, options: DiagnoseIncidentOptions): CrashReport {
  const facts = describeIncident(incident)
  const verdicts = judgeIncident(incident, facts, options.rules, options.explain)
  const applicable = verdicts.filter((v) => v.applies)
  const best = applicable[0]
  const diagnosis = best ? fromVerdict(best, incident) : kindGuidance(incident, facts)
  diagnosis.alternatives = applicable
    .slice(1)
    .filter((v) => !v.rule.spec.generic)
    .slice(0, MAX_ALTERNATIVES)
    .map((v) => ({rule: v.rule.spec.id, confidence: v.confidence}))
  if (options.explain) diagnosis.explanation = explain(verdicts)
  return crashReport(id, facts, diagnosis)
}
