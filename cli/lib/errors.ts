import {Errors} from '@oclif/core'
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
