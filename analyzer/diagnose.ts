import type {Readable} from 'node:stream'
import {InputError, RulesError} from './errors.js'
import {loadRules, type RuleSet} from './rules/load.js'
import type {TraceFormat} from './formats/types.js'
import {resolveInputs, type InputSource} from './input/sources.js'
import type {CrashReport, InputSummary, Report} from './report/types.js'
import {scanFile, type FileScan} from './scan/scan-file.js'

export interface DiagnoseProgress {
  source: string
  bytesRead: number
  /** Total bytes of the source when known (not for stdin or .gz). */
  totalBytes: number | null
}

export interface DiagnoseOptions {
  /** Trace formats to use instead of the registry's (tests); large files are then read on one thread. */
  formats?: readonly TraceFormat[]
  /** Users' rule directories, added to (and overriding) the built-in library. */
  ruleDirs?: readonly string[]
  /** Rules already loaded (evaluation runs many files with one set). */
  rules?: RuleSet
  /** Keep, per crash, why each rule did or did not apply. */
  explain?: boolean
  stdin?: () => Readable
  onProgress?: (progress: DiagnoseProgress) => void
}

export interface DiagnoseResult {
  report: Report
  /** Inputs that could not be read; the report covers the others. */
  problems: InputError[]
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
  const rules = options.rules ?? loadRules(options.ruleDirs ?? [])
  if (rules.problems.length > 0) throw new RulesError(rules.problems)
  const {sources, problems} = await resolveInputs(paths, options.stdin ?? (() => process.stdin))
  const inputs: InputSummary[] = []
  const crashes: CrashReport[] = []
  for (const source of sources) {
    const totalBytes = source.gzip ? null : source.size
    let scan: FileScan
    try {
      scan = await scanFile(source, {
        formats: options.formats,
        rules,
        explain: options.explain ?? false,
        onBytes: (bytesRead) => options.onProgress?.({source: source.path, bytesRead, totalBytes}),
      })
    } catch (error) {
      problems.push(readProblem(source, error as NodeJS.ErrnoException))
      continue
    }
    inputs.push({path: source.path, bytes: scan.bytes, lines: scan.lines, cutLines: scan.cutLines})
    for (const {report} of scan.crashes) crashes.push({...report, id: `c${crashes.length + 1}`})
  }
  return {report: {version: 1, inputs, crashes, summary: summarise(crashes)}, problems}
}

export function summarise(crashes: readonly CrashReport[]): Report['summary'] {
  const byKind: Report['summary']['byKind'] = {}
  for (const c of crashes) byKind[c.kind] = (byKind[c.kind] ?? 0) + 1
  const known = crashes.filter((c) => c.diagnosis.rule !== null).length
  return {crashes: crashes.length, byKind, known, unknown: crashes.length - known}
}
