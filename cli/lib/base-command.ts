import {Command, Errors} from '@oclif/core'
import {BugError, fromClusterError} from './errors.js'

/** Every storctl command: user mistakes print as one line with a hint; anything else is a bug. */
export abstract class BaseCommand extends Command {
  protected override async catch(thrown: Error & {exitCode?: number; oclif?: {exit?: number}}): Promise<unknown> {
    const error = fromClusterError(thrown) as Error & {exitCode?: number; oclif?: {exit?: number}}
    if (process.env.DEBUG?.includes('storctl') && !(error instanceof Errors.CLIError)) console.error(error.stack)
    const known = error instanceof Errors.CLIError || error.oclif !== undefined
    const shown: Error & {exitCode?: number; oclif?: {exit?: number}} = known ? error : new BugError(error)
    // oclif's --json path reads exitCode only: carry the status the error was given.
    shown.exitCode ??= shown.oclif?.exit
    return super.catch(shown)
  }
}
