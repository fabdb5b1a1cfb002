import {diagnoseLog, RulesError, type DiagnoseProgress, type InputError, type Report} from '../../analyzer/index.js'
import {AbortError} from '../lib/errors.js'
import {EXIT} from '../lib/exit-codes.js'

export interface DiagnoseOutcome {
  report: Report
  /** Inputs that could not be read while others were: each becomes a warning. */
  problems: InputError[]
  exitCode: number
}

/** A rule file that does not load is the user's to fix: say where, and how to check them all. */
export function rulesAbort(error: RulesError): AbortError {
  return new AbortError(error.message, {code: 'rules-invalid', hint: 'run storctl rules lint --rules <dir> to see every problem', exit: EXIT.input})
}

function abortFor(problem: InputError): AbortError {
  return new AbortError(problem.message, {code: problem.code, hint: problem.hint, exit: EXIT.input})
}

export interface DiagnoseServiceOptions {
  ruleDirs: readonly string[]
  explain: boolean
  onProgress?: (p: DiagnoseProgress) => void
}

/** Runs the analyzer over the inputs and decides the exit status; renders nothing. */
export async function diagnose(paths: readonly string[], options: DiagnoseServiceOptions): Promise<DiagnoseOutcome> {
  if (paths.includes('-') && process.stdin.isTTY) {
    throw new AbortError('standard input is a terminal, not a log', {code: 'input-is-tty', hint: 'pipe a log in: journalctl -u pegasus | storctl diagnose -', exit: EXIT.input})
  }
  const {report, problems} = await diagnoseLog(paths, options).catch((error: unknown) => {
    if (error instanceof RulesError) throw rulesAbort(error)
    throw error
  })
  if (report.inputs.length === 0 && problems[0]) throw abortFor(problems[0])
  const exitCode = problems.length > 0 ? EXIT.input : report.crashes.length > 0 ? EXIT.crashesFound : EXIT.ok
  return {report, problems, exitCode}
}

export function problemLine(problem: InputError): string {
  return `${problem.message} (${problem.hint}) [${problem.code}]`
}
