import {Command, Errors} from '@oclif/core'
import {ClusterError} from '../../cluster/index.js'
import {AbortError, BugError} from './errors.js'
import {EXIT} from './exit-codes.js'

/** A cluster operation's refusal is a user-facing one-liner with its hint, like any AbortError. */
function asCliError(error: Error): Error {
  return error instanceof ClusterError ? new AbortError(error.message, {code: error.code, hint: error.hint, exit: EXIT.cluster}) : error
}

/** Every storctl command: user mistakes print as one line with a hint; anything else is a bug. */
export abstract class BaseCommand extends Command {
  protected override async catch(thrown: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    const error: Error & {exitCode?: number; oclif?: {exit?: number}} = asCliError(thrown)
    if (process.env.DEBUG?.includes('storctl') && !(error instanceof Errors.CLIError)) console.error(error.stack)
    const known = error instanceof Errors.CLIError || error.oclif !== undefined
    const shown: Error & {exitCode?: number; oclif?: {exit?: number}} = known ? error : new BugError(error)
    // oclif's --json path reads exitCode only: carry the status the error was given.
    shown.exitCode ??= shown.oclif?.exit
    return super.catch(shown)
  }
}
