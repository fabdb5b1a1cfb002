import type {CrashKind, Runtime} from '../model.js'

// The report contract of `storctl diagnose --json` (DESIGN.md), version 1.

export interface EvidenceLine {
  source: string
  line: number
  text: string
  why: string
}

/** Why each rule did or did not apply (`diagnose --explain`). */
export interface RuleExplanation {
  rule: string
  confidence: number
  applies: boolean
  reason: string | null
  conditions: {type: string; matched: boolean; weight: number; required: boolean; detail: string}[]
}

export interface Diagnosis {
  /** Rule id of the known root cause; null when only the kind's generic guidance applies. */
  rule: string | null
  /** The generic rule whose advice is given when no known root cause applies. */
  generic?: string
  title: string
  confidence: number
  rootCause: string
  remediation: string[]
  references: string[]
  evidence: EvidenceLine[]
  alternatives: {rule: string; confidence: number}[]
  explanation?: RuleExplanation[]
}

export interface ReportFrame {
  function: string
  file: string | null
  line: number | null
  module: string | null
  address: string | null
}

export interface CrashReport {
  id: string
  source: string
  node: string | null
  lines: {start: number; end: number}
  time: string | null
  kind: CrashKind
  kinds: CrashKind[]
  signal: string | null
  runtime: Runtime | null
  message: string | null
  frames: ReportFrame[]
  topFrames: string[]
  fingerprint: string
  recovered: boolean
  /** The trace formats recognised in this crash, e.g. ['tcmalloc', 'glog-failure-signal']. */
  formats: string[]
  faultAddress: string | null
  pid: number | null
  facts: Record<string, string | number | boolean>
  diagnosis: Diagnosis
}

export interface InputSummary {
  path: string
  bytes: number
  lines: number
  /** Lines longer than the matching limit: matched on their first part only. */
  cutLines: number
}

export interface Report {
  version: 1
  inputs: InputSummary[]
  crashes: CrashReport[]
  summary: {crashes: number; byKind: Partial<Record<CrashKind, number>>; known: number; unknown: number}
}
