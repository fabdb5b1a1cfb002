import {loadKindGuidance} from '../guidance/generic.js'
import type {Incident} from '../model.js'
import {crashReport, describeIncident, incidentEvidence} from './build-crash.js'
import type {CrashReport, Diagnosis} from './types.js'

/** Diagnoses an incident with what is known: today the generic guidance of its kind. */
export function diagnoseIncident(incident: Incident, id: string): CrashReport {
  const facts = describeIncident(incident)
  const guidance = loadKindGuidance().get(facts.kind)!
  const diagnosis: Diagnosis = {
    rule: null,
    title: guidance.title,
    confidence: 0,
    rootCause: guidance.rootCause,
    remediation: guidance.remediation,
    references: guidance.references,
    evidence: incidentEvidence(incident),
    alternatives: [],
  }
  return crashReport(id, facts, diagnosis)
}
