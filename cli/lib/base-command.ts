import {Command, Errors} from '@oclif/core'
import {BugError} from './errors.js'

/** Every storctl command: user mistakes print as one line with a hint; anything else is a bug. */
export abstract class BaseCommand extends Command {
  protected override async catch(error: Error & {exitCode?: number}): Promise<unknown> {
    if (process.env.DEBUG?.includes('storctl') && !(error instanceof Errors.CLIError)) console.error(error.stack)
    if (error instanceof Errors.CLIError || (error as {oclif?: unknown}).oclif !== undefined) return super.catch(error)
    return super.catch(new BugError(error))
  }
}
