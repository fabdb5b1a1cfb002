// Building blocks shared by the native report formats of this family (C++ runtime, sanitizers, Rust).
import type {CrashKind, LogLine, Runtime, TraceEvent} from '../model.js'
import {addKinds, newEvent} from './event.js'
import type {PatternTable} from './types.js'

export const NATIVE_PATTERNS = {
  /** Message text that shows the process ran out of memory (ENOMEM, allocator failure). */
  outOfMemory: {
    re: /out of memory|\bENOMEM\b|cannot allocate memory|memory allocation of \d+ bytes failed|\bOutOfMemory\b|bad_alloc/i,
    examples: [
      'IO error: While appending to file: /data/db/438734.sst: Cannot allocate memory',
      'memory allocation of 1073741824 bytes failed',
      'Os { code: 12, kind: OutOfMemory, message: "Cannot allocate memory" }',
      'std::bad_alloc',
    ],
  },
} satisfies PatternTable

export {MAX_FRAMES, addFrame, shortAddress, take} from './event.js'

/** A fresh event for a trace that started on `first`; parsers fill in the rest. */
export function startEvent(format: string, runtime: Runtime | null, first: LogLine): TraceEvent {
  return newEvent(format, first, runtime)
}

export function addKind(event: TraceEvent, kind: CrashKind | null): void {
  addKinds(event, [kind])
}


/** Does this text show an out-of-memory condition? */
export function mentionsOutOfMemory(text: string): boolean {
  return NATIVE_PATTERNS.outOfMemory.re.test(text)
}
