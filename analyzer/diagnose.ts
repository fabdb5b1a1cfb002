import type {Readable} from 'node:stream'
import {SourceScanner} from './engine/source-scanner.js'
import {InputError} from './errors.js'
import {TRACE_FORMATS} from './formats/registry.js'
import type {TraceFormat} from './formats/types.js'
import {loadKindGuidance} from './guidance/generic.js'
import {IncidentBuilder} from './incidents/merge.js'
import {readChunks, type ChunkProgress} from './input/chunks.js'
import {resolveInputs, type InputSource} from './input/sources.js'
import type {Incident} from './model.js'
import {crashReport, describeIncident, incidentEvidence} from './report/build-crash.js'
import type {CrashReport, Diagnosis, InputSummary, Report} from './report/types.js'

export interface DiagnoseProgress {
  source: string
  bytesRead: number
  /** Total bytes of the source when known (not for stdin; compressed size for .gz). */
  totalBytes: number | null
}

export interface DiagnoseOptions {
  formats?: readonly TraceFormat[]
  stdin?: () => Readable
  onProgress?: (progress: DiagnoseProgress) => void
}

export interface DiagnoseResult {
  report: Report
  /** Inputs that could not be read; the report covers the others. */
  problems: InputError[]
}

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

async function scanSource(source: InputSource, options: DiagnoseOptions, onIncident: (i: Incident) => void): Promise<InputSummary> {
  const builder = new IncidentBuilder(source.path, onIncident)
  const scanner = new SourceScanner(options.formats ?? TRACE_FORMATS, (finding) => builder.add(finding))
  const progress: ChunkProgress = {bytes: 0}
  let bytes = 0
  try {
    for await (const chunk of readChunks(source.open(), progress)) {
      scanner.scan(chunk)
      builder.closeBefore(scanner.lines.count)
      bytes = chunk.offset + chunk.buf.length
      options.onProgress?.({source: source.path, bytesRead: progress.bytes, totalBytes: source.gzip ? null : source.size})
    }
  } catch (error) {
    throw readProblem(source, error as NodeJS.ErrnoException)
  }
  scanner.end()
  builder.end()
  return {path: source.path, bytes, lines: scanner.lines.count, cutLines: scanner.lines.cut}
}

function readProblem(source: InputSource, error: NodeJS.ErrnoException): InputError {
  if (source.gzip || error.code?.startsWith('Z_')) {
    return new InputError('input-corrupt-gzip', source.path, `${source.path} is not a valid gzip file (${error.message})`, 'check the file with: gzip -t <file>; diagnose the uncompressed part with: zcat <file> | storctl diagnose -')
  }
  if (error.code === 'EISDIR') return new InputError('input-unreadable', source.path, `${source.path} is a directory`, 'name the directory itself to read its logs')
  return new InputError('input-unreadable', source.path, `cannot read ${source.path}: ${error.code ?? error.message}`, 'check its permissions (try: ls -l)')
}

/** Reads logs (files, directories, .gz, '-' for stdin) and reports every crash in them. */
export async function diagnoseLog(paths: readonly string[], options: DiagnoseOptions = {}): Promise<DiagnoseResult> {
  const stdin = options.stdin ?? (() => process.stdin)
  const {sources, problems} = await resolveInputs(paths, stdin)
  const inputs: InputSummary[] = []
  const crashes: CrashReport[] = []
  for (const source of sources) {
    const found: Incident[] = []
    try {
      inputs.push(await scanSource(source, options, (incident) => found.push(incident)))
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      problems.push(error)
    }
    found.sort((a, b) => a.events[0]!.firstLine - b.events[0]!.firstLine)
    for (const incident of found) crashes.push(diagnoseIncident(incident, `c${crashes.length + 1}`))
  }
  return {report: {version: 1, inputs, crashes, summary: summarise(crashes)}, problems}
}

export function summarise(crashes: readonly CrashReport[]): Report['summary'] {
  const byKind: Report['summary']['byKind'] = {}
  for (const c of crashes) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1
  const known = crashes.filter((c) => c.diagnosis.rule !== null).length
  return {crashes: crashes.length, byKind, known, unknown: crashes.length - known}
}
