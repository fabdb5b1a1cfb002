import {Errors} from '@oclif/core'
import {ClusterError} from '../../cluster/index.js'
import {EXIT} from './exit-codes.js'

/** A user's mistake or a bad input: one line, a hint, a code, an exit status, never a stack. */
export class AbortError extends Errors.CLIError {
  constructor(message: string, options: {hint?: string; code: string; exit?: number}) {
    super(message, {code: options.code, exit: options.exit ?? EXIT.usage, suggestions: options.hint ? [options.hint] : undefined})
  }
}

/** Something storctl did wrong: distinguishable from user mistakes by its exit status. */
export class BugError extends Errors.CLIError {
  constructor(cause: unknown) {
    const detail = cause instanceof Error ? cause.message : String(cause)
    super(`internal error (a bug in storctl): ${detail}`, {
      code: 'internal-error',
      exit: EXIT.bug,
      suggestions: ['run again with DEBUG=storctl to see the stack, and report it with the command you ran'],
    })
  }
}

/** A cluster operation's refusal is a user-facing one-liner with its hint, like any AbortError; other errors pass. */
export function fromClusterError(error: unknown): unknown {
  return error instanceof ClusterError ? new AbortError(error.message, {code: error.code, hint: error.hint, exit: EXIT.cluster}) : error
}
