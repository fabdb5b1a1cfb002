// Signal names as native crash reports print them, normalised to 'SIGSEGV' style, and their crash kinds.
import type {CrashKind} from '../model.js'

/** Canonical signal name -> the crash kind it shows (null: a signal that is not a crash kind of its own). */
const KIND_OF_SIGNAL: Readonly<Record<string, CrashKind | null>> = {
  SIGSEGV: 'sigsegv',
  SIGABRT: 'abort',
  SIGBUS: 'sigbus',
  SIGILL: 'sigill',
  // __builtin_trap is ud2 (SIGILL) on x86 but brk (SIGTRAP) on arm64: same crash.
  SIGTRAP: 'sigill',
  SIGFPE: 'sigfpe',
  SIGKILL: null,
  SIGTERM: null,
  SIGSYS: null,
  SIGQUIT: null,
  SIGPIPE: null,
}

/** Linux x86/arm numbers of the signals above. */
const SIGNAL_BY_NUMBER: Readonly<Record<number, string>> = {
  3: 'SIGQUIT',
  4: 'SIGILL',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  11: 'SIGSEGV',
  13: 'SIGPIPE',
  15: 'SIGTERM',
  31: 'SIGSYS',
}

/** strsignal() descriptions and other wordings, lower-cased. */
const SIGNAL_BY_WORDS: Readonly<Record<string, string>> = {
  'segmentation fault': 'SIGSEGV',
  'segmentation violation': 'SIGSEGV',
  aborted: 'SIGABRT',
  abort: 'SIGABRT',
  'bus error': 'SIGBUS',
  'illegal instruction': 'SIGILL',
  'floating point exception': 'SIGFPE',
  'arithmetic exception': 'SIGFPE',
  'trace/breakpoint trap': 'SIGTRAP',
  killed: 'SIGKILL',
  terminated: 'SIGTERM',
  quit: 'SIGQUIT',
  'broken pipe': 'SIGPIPE',
  'bad system call': 'SIGSYS',
  iot: 'SIGABRT',
}

/**
 * 'SIGSEGV', 'SEGV', '(SEGV)', 'signal 11', '11', 'Segmentation fault', 'Aborted', 'SIGIOT'...
 * -> 'SIGSEGV' style name, or null when the text names no known signal.
 */
export function normaliseSignal(text: string): string | null {
  const t = text.trim().replace(/\s*\(core dumped\)$/i, '').replace(/^\(+|\)+$/g, '').trim()
  const num = /^(?:signal\s*)?(\d{1,2})$/i.exec(t)
  if (num) return SIGNAL_BY_NUMBER[Number(num[1])] ?? null
  const upper = t.toUpperCase()
  if (/^(?:SIG)?[A-Z]{3,6}$/.test(upper)) {
    const name = upper.startsWith('SIG') ? upper : `SIG${upper}`
    if (name === 'SIGIOT') return 'SIGABRT'
    if (name in KIND_OF_SIGNAL) return name
  }
  return SIGNAL_BY_WORDS[t.toLowerCase()] ?? null
}

/** SIGSEGV -> 'sigsegv', SIGABRT -> 'abort', ...; null for signals that are not a crash kind (SIGKILL, SIGTERM). */
export function kindOfSignal(signal: string): CrashKind | null {
  const name = normaliseSignal(signal)
  return name ? (KIND_OF_SIGNAL[name] ?? null) : null
}
