import {injectFault as injectClusterFault, type FaultOutcome, type InjectOptions} from '../../cluster/index.js'
import {fromClusterError} from '../lib/errors.js'

export type {FaultOutcome}

/** `fault inject` and the monitor's fault menu: a refusal is a one-line AbortError with its hint. */
export async function injectFault(dir: string, scenario: string, options: InjectOptions = {}): Promise<FaultOutcome> {
  try {
    return await injectClusterFault(dir, scenario, options)
  } catch (error) {
    throw fromClusterError(error)
  }
}
