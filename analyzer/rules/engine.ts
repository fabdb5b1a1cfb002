import type {Incident} from '../model.js'
import type {CrashFacts} from '../report/build-crash.js'
import type {EvidenceLine} from '../report/types.js'
import {isIgnoredFrame} from '../signature/frame-ignore.js'
import {normaliseFunction} from '../signature/fingerprint.js'
import {conditionType, evaluateCondition, type ConditionOutcome, type RuleContext} from './conditions.js'
import type {LoadedRule} from './load.js'
import {inferProvenance, type Provenance} from './systems.js'

export const DEFAULT_MIN_CONFIDENCE = 0.5
/** A rule for a system the crash does not name at all keeps most, not all, of its confidence. */
const UNKNOWN_SYSTEM_FACTOR = 0.85
const UNKNOWN_COMPONENT_FACTOR = 0.9

export interface ConditionVerdict extends ConditionOutcome {
  type: string
  weight: number
  required: boolean
  why: string
}

export interface RuleVerdict {
  rule: LoadedRule
  /** 0..1: the weight of what matched over the weight of all conditions, times provenance factors. */
  confidence: number
  /** Offered as a diagnosis: required conditions met, confidence at least the rule's minimum. */
  applies: boolean
  /** Why it does not apply, when it does not. */
  reason: string | null
  conditions: ConditionVerdict[]
}

function ruleContext(incident: Incident, facts: CrashFacts): RuleContext {
  const ordered = [...incident.events].sort((a, b) => Number(b.terminal) - Number(a.terminal))
  const frames = ordered.flatMap((e) => e.frames.map((f) => normaliseFunction(f.function)))
  const contextNearestFirst = [...incident.context].reverse()
  const others = incident.events.flatMap((e) => e.otherFrames ?? []).map(normaliseFunction)
  return {
    kinds: new Set(facts.kinds),
    contextNearestFirst,
    versionLines: [...contextNearestFirst, ...incident.traceLines, ...incident.after],
    incident,
    facts,
    frames,
    meaningfulFrames: frames.filter((f) => !isIgnoredFrame(f)),
    allThreadFrames: [...frames, ...others],
    messages: incident.events.map((e) => e.message).filter((m): m is string => m !== null),
    crashTime: incident.events.flatMap((e) => e.evidence).find((e) => e.line.time !== null)?.line.time ?? null,
  }
}

/** Provenance decides whether a rule can apply at all, and how sure it can be. */
function provenanceFactor(rule: LoadedRule, seen: Provenance): {factor: number; reason: string | null} {
  let factor = 1
  const {systems, components} = rule.spec
  const named = systems?.filter((s) => !seen.libraries.has(s))
  if (named?.length) {
    if (seen.systems.size > 0 && !named.some((s) => seen.systems.has(s))) return {factor: 0, reason: `for ${named.join('/')}, the crash is from ${[...seen.systems].join('/')}`}
    if (seen.systems.size === 0) factor *= UNKNOWN_SYSTEM_FACTOR
  }
  if (components?.length) {
    if (seen.components.size > 0 && !components.some((c) => seen.components.has(c))) return {factor: 0, reason: `for the ${components.join('/')}, the crash is from the ${[...seen.components].join('/')}`}
    if (seen.components.size === 0) factor *= UNKNOWN_COMPONENT_FACTOR
  }
  return {factor, reason: null}
}

function judgeCondition(rule: LoadedRule, index: number, ctx: RuleContext): ConditionVerdict {
  const c = rule.spec.conditions[index]!
  return {...evaluateCondition(rule, index, ctx), type: conditionType(c), weight: c.weight, required: c.required ?? false, why: c.why}
}

const notApplying = (rule: LoadedRule, reason: string, conditions: ConditionVerdict[] = []): RuleVerdict => ({rule, confidence: 0, applies: false, reason, conditions})

/**
 * One rule against one crash. Unless every condition's outcome is wanted (`explain`), a rule stops
 * at the first required condition that fails: most rules fail that way for most crashes.
 */
export function judgeRule(rule: LoadedRule, ctx: RuleContext, seen: Provenance, explain = false): RuleVerdict {
  const {spec} = rule
  if (!spec.kinds.some((k) => ctx.kinds.has(k))) return notApplying(rule, `for ${spec.kinds.join('/')} crashes`)
  const provenance = provenanceFactor(rule, seen)
  if (provenance.reason !== null && !explain) return notApplying(rule, provenance.reason)
  const verdicts: (ConditionVerdict | undefined)[] = new Array(spec.conditions.length)
  const order = spec.conditions.map((_, i) => i).sort((a, b) => Number(spec.conditions[b]!.required ?? false) - Number(spec.conditions[a]!.required ?? false))
  for (const i of order) {
    const verdict = judgeCondition(rule, i, ctx)
    verdicts[i] = verdict
    if (verdict.required && !verdict.matched && !explain) return notApplying(rule, `required: ${verdict.detail}`, [verdict])
  }
  const conditions = verdicts as ConditionVerdict[]
  const total = conditions.reduce((n, c) => n + c.weight, 0)
  const matched = conditions.reduce((n, c) => n + (c.matched ? c.weight : 0), 0)
  const confidence = Math.round((total > 0 ? matched / total : 0) * provenance.factor * 100) / 100
  const missingRequired = conditions.find((c) => c.required && !c.matched)
  const minimum = spec.minConfidence ?? DEFAULT_MIN_CONFIDENCE
  const reason = provenance.reason ?? (missingRequired ? `required: ${missingRequired.detail}` : confidence < minimum ? `confidence ${confidence} below ${minimum}` : null)
  return {rule, confidence, applies: reason === null, reason, conditions}
}

/** Every rule judged against one incident, the applicable ones first, specific before generic. */
export function judgeIncident(incident: Incident, facts: CrashFacts, rules: readonly LoadedRule[], explain = false): RuleVerdict[] {
  const ctx = ruleContext(incident, facts)
  const seen = inferProvenance(incident)
  return rules
    .map((rule) => judgeRule(rule, ctx, seen, explain))
    .sort(
      (a, b) =>
        Number(b.applies) - Number(a.applies) ||
        Number(!!a.rule.spec.generic) - Number(!!b.rule.spec.generic) ||
        // Advice for the crash's primary kind (a failed check) before advice for what followed it.
        Number(b.rule.spec.kinds.includes(facts.kind)) - Number(a.rule.spec.kinds.includes(facts.kind)) ||
        b.confidence - a.confidence,
    )
}

/** The evidence a verdict brings: what each matched condition cited. */
export function verdictEvidence(verdict: RuleVerdict): EvidenceLine[] {
  return verdict.conditions.filter((c) => c.matched).flatMap((c) => c.evidence)
}
