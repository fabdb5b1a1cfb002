import {ClusterError, injectFault as injectClusterFault, type FaultOutcome, type InjectOptions} from '../../cluster/index.js'
import {AbortError} from '../lib/errors.js'
import {EXIT} from '../lib/exit-codes.js'

export type {FaultOutcome}

/** `fault inject` and the monitor's fault menu: a refusal is a one-line AbortError with its hint. */
export async function injectFault(dir: string, scenario: string, options: InjectOptions = {}): Promise<FaultOutcome> {
  try {
    return await injectClusterFault(dir, scenario, options)
  } catch (error) {
    if (error instanceof ClusterError) throw new AbortError(error.message, {code: error.code, hint: error.hint, exit: EXIT.cluster})
    throw error
  }
}
