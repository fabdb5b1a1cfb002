import type {CrashKind} from './model.js'

/**
 * Which kind a triager names first when a crash shows several, highest first: the root event
 * beats its consequence (an invalid free beats the abort it causes, a panic beats the SIGSEGV a nil
 * dereference raised, an OOM beats the panic or abort it ends in, an absurd allocation beats the abort
 * it causes). Events that do not kill the process rank below the first death (see primaryKind).
 */
export const KIND_PRECEDENCE: readonly CrashKind[] = [
  'oom',
  'invalid-free',
  'panic',
  'sigbus',
  'sigill',
  'sigfpe',
  'sigsegv',
  'large-alloc',
  'abort',
]

/** Kinds in precedence order, without repeats. */
export function rankKinds(kinds: Iterable<CrashKind>): CrashKind[] {
  const present = new Set(kinds)
  return KIND_PRECEDENCE.filter((k) => present.has(k))
}
