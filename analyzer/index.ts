// storctl's analyzer: crash logs in, crash reports out. No terminal, CLI or cluster knowledge.
export {diagnoseLog, summarise} from './diagnose.js'
export {diagnoseIncident} from './report/diagnose-incident.js'
export type {DiagnoseOptions, DiagnoseProgress, DiagnoseResult} from './diagnose.js'
export {InputError, RulesError} from './errors.js'
export {loadRules, loadRuleFile, builtinRulesDir} from './rules/load.js'
export type {LoadedRule, RuleProblem, RuleSet} from './rules/load.js'
export {RuleSchema} from './rules/schema.js'
export type {RuleSpec, Condition} from './rules/schema.js'
export {judgeIncident} from './rules/engine.js'
export type {InputProblemCode} from './errors.js'
export {TRACE_FORMATS} from './formats/registry.js'
export {CRASH_KINDS} from './model.js'
export type {CrashKind, Frame, Incident, LogLine, Runtime, TraceEvent} from './model.js'
export type {CrashReport, Diagnosis, EvidenceLine, InputSummary, Report, RuleExplanation} from './report/types.js'
export {evaluate} from './eval/evaluate.js'
export type {EvaluationResult, LabelledCase} from './eval/evaluate.js'

import {triggerWords} from './engine/source-scanner.js'
import {TRACE_FORMATS} from './formats/registry.js'

/** The literal words the engine's prefilter looks for (for benchmarks against grep). */
export function triggerKeywords(): string[] {
  return triggerWords(TRACE_FORMATS)
}

// Rule library checks (storctl rules lint / test) and what the rules benchmark drives.
export {lintRules} from './rules/lint.js'
export type {LintCode, LintOptions, LintProblem} from './rules/lint.js'
export {checkRuleExamples} from './rules/check-examples.js'
export type {CheckExamplesOptions, ExampleCheck, ExampleOutcome, HealthyHit, RuleExampleResult} from './rules/check-examples.js'
export {describeIncident} from './report/build-crash.js'
export type {CrashFacts} from './report/build-crash.js'
