/** Restart delays: doubling from `initialMs` to `maxMs`; a node that stayed up `resetAfterMs` starts over. */
export interface BackoffPolicy {
  initialMs: number
  maxMs: number
  resetAfterMs: number
}

export const DEFAULT_BACKOFF: BackoffPolicy = {initialMs: 500, maxMs: 10_000, resetAfterMs: 30_000}

/** The delay before the next start, given how many quick failures came before and how long the last run lasted. */
export function nextDelay(policy: BackoffPolicy, failures: number, ranMs: number): {delayMs: number; failures: number} {
  const streak = ranMs >= policy.resetAfterMs ? 0 : failures
  return {delayMs: Math.min(policy.maxMs, policy.initialMs * 2 ** streak), failures: streak + 1}
}
