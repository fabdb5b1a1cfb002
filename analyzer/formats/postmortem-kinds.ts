// Crash kinds of a native stack when the signal is missing or not the whole story: read the frames.
import type {CrashKind, Frame} from '../model.js'
import {kindOfSignal} from './native-signals.js'
import {bareFunction} from './postmortem-frames.js'
import type {PatternTable} from './types.js'

/** How deep from the innermost frame an abort()/allocator frame still counts as the crash itself. */
const TOP_FRAMES = 12
export const SIGNAL_HANDLER_FRAME = '<signal handler called>'

export const NATIVE_FRAME_PATTERNS = {
  abortFrame: {
    re: /^(?:__GI_)?(?:abort|raise|gsignal)$|^(?:__)?pthread_kill(?:_implementation|_internal)?$/,
    examples: ['abort', '__GI_raise', 'gsignal', '__pthread_kill_implementation', 'pthread_kill'],
  },
  invalidFreeFrame: {re: /^InvalidFree$/, examples: ['InvalidFree']},
  mallocErrorFrame: {re: /^malloc_printerr$/, examples: ['malloc_printerr']},
  // A handler that re-raises the signal it caught (raise here is not an abort).
  reraiseHandler: {re: /FailureSignalHandler|SignalHandler::Handle|crashHandler/i, examples: ['FailureSignalHandler']},
  // glibc malloc_printerr texts that report a bad pointer rather than heap corruption (corpus policy).
  invalidFreeMessage: {
    re: /invalid pointer|invalid size|double free|free\(\): invalid|unaligned (?:fastbin )?chunk|munmap_chunk/i,
    examples: ['free(): invalid pointer', 'double free or corruption (out)', 'malloc_consolidate(): unaligned fastbin chunk detected'],
  },
  // Innermost frames of a thread that is parked, not crashing (a hang dump, not a crash).
  waitFrame: {
    re: /wait|poll|select|sleep|^_*(?:GI_+)?(?:libc_)?(?:read|recv\w*|accept4?|pause|syscall|io_getevents)$|join/i,
    examples: ['__lll_lock_wait', 'epoll_wait', '__GI___poll', 'nanosleep', '__libc_read', '__pthread_clockjoin_ex'],
  },
} as const satisfies PatternTable

export interface NativeCrash {
  kinds: CrashKind[]
  signal: string | null
  /** True when no signal was printed and the kind is only read from the frames. */
  inferred: boolean
}

export interface NativeClues {
  signal: string | null
  frames: readonly Frame[]
  /** The message malloc_printerr was given, when the frame showed it. */
  mallocMessage?: string | null
  /** May a stack with no signal and no telling frame still be called a crash (a lone core backtrace)? */
  assumeCrash?: boolean
}

/** Indicators in the crashing thread's frames, innermost first. */
function frameClues(frames: readonly Frame[]) {
  const bare = frames.slice(0, TOP_FRAMES).map((f) => bareFunction(f.function))
  const handler = frames.findIndex((f) => f.function === SIGNAL_HANDLER_FRAME)
  const above = handler >= 0 && handler < TOP_FRAMES ? bare.slice(0, handler) : bare
  const reraised = above.some((f) => NATIVE_FRAME_PATTERNS.reraiseHandler.re.test(f))
  return {
    abort: !reraised && above.some((f) => NATIVE_FRAME_PATTERNS.abortFrame.re.test(f)),
    handler: handler >= 0,
    invalidFree: bare.some((f) => NATIVE_FRAME_PATTERNS.invalidFreeFrame.re.test(f)),
    mallocError: bare.some((f) => NATIVE_FRAME_PATTERNS.mallocErrorFrame.re.test(f)),
    waiting: bare.length > 0 && NATIVE_FRAME_PATTERNS.waitFrame.re.test(bare[0] ?? ''),
  }
}

/** True when the frames alone show a crash (abort, signal trampoline, allocator error). */
export function framesShowCrash(frames: readonly Frame[]): boolean {
  const c = frameClues(frames)
  return c.abort || c.handler || c.invalidFree || c.mallocError
}

/** Kinds from the signal when printed, else from the frames; allocator errors add invalid-free. */
export function nativeCrash(clues: NativeClues): NativeCrash {
  const c = frameClues(clues.frames)
  const signalKind = clues.signal ? kindOfSignal(clues.signal) : null
  // SIGINT, SIGTERM, SIGKILL under a debugger: a stop, not a crash kind.
  if (clues.signal && !signalKind) return {kinds: [], signal: clues.signal, inferred: false}
  const message = clues.mallocMessage ?? null
  const invalidFree = c.invalidFree || (c.mallocError && (!message || NATIVE_FRAME_PATTERNS.invalidFreeMessage.re.test(message)))
  const aborted = c.abort || c.mallocError || invalidFree
  const kinds: CrashKind[] = invalidFree ? ['invalid-free'] : []
  if (signalKind) kinds.push(signalKind)
  else if (!aborted && (c.handler || (clues.assumeCrash && clues.frames.length > 0 && !c.waiting))) kinds.push('sigsegv')
  if (aborted && (!signalKind || signalKind === 'abort')) kinds.push('abort')
  const signal = clues.signal ?? (aborted ? 'SIGABRT' : null)
  return {kinds: [...new Set(kinds)], signal, inferred: !clues.signal && kinds.length > 0}
}
