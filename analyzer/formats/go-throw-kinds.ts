// What a Go runtime throw was, read from the function that called runtime.throw: what is left of a
// `fatal error: ...` dump whose message line was lost.
import type {CrashKind, Frame} from '../model.js'
import type {PatternEntry} from './types.js'

interface ThrowCaller extends PatternEntry {
  kinds: readonly CrashKind[]
}

/** The runtime's own throw machinery, skipped to reach the function that threw. */
const THROW_FRAME = /^runtime\.(?:throw|fatalthrow|fatal)(?:\.func\d+)?$/

// Callers whose every throw reports a failed allocation ('runtime: out of memory', 'out of memory').
export const GO_THROW_CALLERS = {
  outOfMemory: {
    re: /^runtime\.(?:sysMap(?:OS)?|largeAlloc|\(\*mcache\)\.allocLarge)$/,
    examples: ['runtime.sysMap', 'runtime.sysMapOS', 'runtime.largeAlloc', 'runtime.(*mcache).allocLarge'],
    kinds: ['oom'],
  },
} as const satisfies Record<string, ThrowCaller>

/** Kinds the caller of runtime.throw shows, or null when no throw is in the frames or its caller says nothing. */
export function kindsOfThrow(frames: readonly Frame[]): CrashKind[] | null {
  const thrown = frames.findIndex((f) => THROW_FRAME.test(f.function))
  if (thrown < 0) return null
  const caller = frames.slice(thrown + 1).find((f) => !THROW_FRAME.test(f.function))
  if (!caller) return null
  const entry = (Object.values(GO_THROW_CALLERS) as ThrowCaller[]).find((c) => c.re.test(caller.function))
  return entry ? [...entry.kinds] : null
}
