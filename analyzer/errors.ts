import type {RuleProblem} from './rules/load.js'

// Problems with the user's input, as data: a code the CLI maps to an exit status and a hint.

export type InputProblemCode =
  | 'input-missing'
  | 'input-unreadable'
  | 'input-binary'
  | 'input-corrupt-gzip'
  | 'input-empty-dir'
  | 'input-is-tty'
  | 'input-bad-label'

/** A problem with one input; the analysis of the others goes on. */
export class InputError extends Error {
  constructor(
    readonly code: InputProblemCode,
    readonly path: string,
    message: string,
    readonly hint: string,
  ) {
    super(message)
    this.name = 'InputError'
  }
}

/** Rule files that cannot be loaded: each problem names its file, line and field. */
export class RulesError extends Error {
  constructor(readonly problems: readonly RuleProblem[]) {
    const first = problems[0]!
    super(`${first.file}${first.line ? `:${first.line}` : ''}: ${first.field ? `${first.field}: ` : ''}${first.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : ''}`)
    this.name = 'RulesError'
  }
}
