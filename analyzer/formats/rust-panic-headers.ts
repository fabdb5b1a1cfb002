// The lines that start a Rust crash report, one pattern per way std (or a panic hook) prints it.
import type {LogLine, TraceEvent} from '../model.js'
import {addKind} from './cxx-event.js'
import type {PatternTable} from './types.js'

// `thread '` not inside a quoted log field (`err="thread 'x' panicked ..."` is a report of a report).
const THREAD = String.raw`(?<![="'\w])thread '(?<thread>[^']*)'(?: \((?<tid>\d+)\))?`

export const RUST_PANIC_HEADER_PATTERNS = {
  // Rust >= 1.73: location on the header line, message on the next line(s).
  modern: {
    re: new RegExp(String.raw`${THREAD} panicked at (?<loc>[^'\s][^']*?:\d+:\d+):\s*$`),
    examples: ["thread 'main' panicked at src/main.rs:4:5:", "thread 'main' (6087) panicked at src/storage.rs:119:29:", "thread '<unnamed>' panicked at library/core/src/panicking.rs:221:5:"],
  },
  // Rust < 1.73: message in quotes, then the location, on one line.
  quoted: {
    re: new RegExp(String.raw`${THREAD} panicked at '(?<msg>.*)', (?<loc>\S+:\d+(?::\d+)?)\s*$`),
    examples: ["thread 'raftstore-1' panicked at 'no Task is currently running', /root/.cargo/registry/src/futures-0.1.28/src/task_impl/mod.rs:47:9"],
  },
  // Rust < 1.73 with a multi-line message: the closing `', location` comes later.
  quotedOpen: {
    re: new RegExp(String.raw`${THREAD} panicked at '(?<msg>.*)$`),
    examples: ["thread 'main' panicked at 'assertion failed: `(left == right)`"],
  },
  quotedClose: {
    re: /^(?<msg>.*)', (?<loc>\S+:\d+(?::\d+)?)\s*$/,
    examples: [" right: `2`', src/main.rs:2:5"],
  },
  // TiKV's own panic hook before slog (2016-2017).
  hook: {
    re: new RegExp(String.raw`${THREAD} panicked '(?<msg>.*)' at "(?<loc>[^"]*)"`),
    examples: [`panic_hook.rs:85 - ERROR - thread 'main' panicked 'please specify pd.endpoints' at "../src/libcore/option.rs:705"`],
  },
  overflow: {
    re: new RegExp(String.raw`${THREAD} has overflowed its stack`),
    examples: ["thread 'grpc-server-3' has overflowed its stack"],
  },
  runtimeError: {
    re: /^\s*fatal runtime error: (?<msg>.+?)\s*$/,
    examples: ['fatal runtime error: stack overflow', 'fatal runtime error: failed to initiate panic, error 5, aborting'],
  },
  allocFailed: {
    re: /^\s*memory allocation of (?<bytes>\d+) bytes failed\s*$/,
    examples: ['memory allocation of 8589934592 bytes failed'],
  },
  // A slog record at FATAL from a Rust file: TiKV's panic hook (decided by its backtrace).
  record: {
    re: /\["(?<msg>(?:[^"\\]|\\.)*)"\]/,
    examples: ['["called `Result::unwrap()` on an `Err` value: Os { code: 2, kind: NotFound, message: \\"No such file or directory\\" }"] [location=cmd/src/server.rs:310]'],
  },
  // The level tag on the raw line, for when no prefix rule took it as the level.
  fatalTag: {
    re: /^(?:\[[^\]]*\] )?\[FATAL\] /,
    examples: ['[FATAL] [[lib.rs:465](http://lib.rs:465/)] ["rocksdb background error"]', '[2021/01/16 12:42:22.087 +00:00] [FATAL] [lib.rs:482] ["x"]'],
  },
  recordLocation: {
    re: /\[location=(?<loc>[^\]\s]+)\]/,
    examples: ['["x"] [location=components/raftstore/src/store/fsm/apply.rs:1234]'],
  },
  recordThread: {
    re: /\[thread_name=(?<thread>[^\]]+)\]/,
    examples: ['["x"] [thread_name=raftstore-1-0]'],
  },
  rustOrigin: {
    re: /\.rs:\d+/,
    examples: ['lib.rs:482', '[[lib.rs:465](http://lib.rs:465/)]'],
  },
  stackOverflow: {
    re: /stack overflow/,
    examples: ['fatal runtime error: stack overflow, aborting'],
  },
  // Lines after a panic that say the runtime aborts instead of unwinding.
  abortAfterPanic: {
    re: /^\s*thread (?:caused non-unwinding panic|panicked while processing panic|panicked while panicking)\. aborting/,
    examples: ['thread caused non-unwinding panic. aborting.', 'thread panicked while processing panic. aborting.'],
  },
} satisfies PatternTable

const P = RUST_PANIC_HEADER_PATTERNS

export type HeaderStyle = 'modern' | 'quoted' | 'quotedOpen' | 'hook' | 'overflow' | 'runtimeError' | 'allocFailed' | 'record' | 'backtrace'

export interface PanicHeader {
  style: HeaderStyle
  thread: string | null
  threadId: number | null
  message: string | null
  location: string | null
  allocBytes: number | null
}

// Tried in this order: `quoted` before `quotedOpen`, which matches any old header.
const LINE_STYLES = ['modern', 'quoted', 'quotedOpen', 'hook', 'overflow', 'runtimeError', 'allocFailed'] as const

/** The header this line is, or null. */
export function readPanicHeader(line: LogLine): PanicHeader | null {
  for (const style of LINE_STYLES) {
    const g = P[style].re.exec(line.text)?.groups
    if (!g) continue
    return {
      style,
      thread: g.thread ?? null,
      threadId: g.tid ? Number(g.tid) : null,
      message: g.msg ?? null,
      location: g.loc ?? null,
      allocBytes: g.bytes ? Number(g.bytes) : null,
    }
  }
  return readPanicRecord(line)
}

function readPanicRecord(line: LogLine): PanicHeader | null {
  const fatal = line.level === 'FATAL' || P.fatalTag.re.test(line.raw)
  if (!fatal || !P.rustOrigin.re.test(line.origin ?? line.raw)) return null
  const msg = P.record.re.exec(line.text)?.groups?.msg
  if (msg === undefined) return null
  const thread = P.recordThread.re.exec(line.text)?.groups?.thread ?? null
  const location = P.recordLocation.re.exec(line.text)?.groups?.loc ?? null
  return {style: 'record', thread, threadId: null, message: unescapeField(msg), location, allocBytes: null}
}

/** A `stack backtrace:` whose panic header was lost: its frames decide whether it shows a panic. */
export function headlessBacktrace(): PanicHeader {
  return {style: 'backtrace', thread: null, threadId: null, message: null, location: null, allocBytes: null}
}

/** Undoes slog/JSON string escapes: \n, \t, \", \\. */
export function unescapeField(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c !== '\\' || i + 1 >= text.length) {
      out += c
      continue
    }
    const next = text[++i]
    out += next === 'n' ? '\n' : next === 't' ? '\t' : next
  }
  return out
}

/** Does this line say the runtime aborts after a panic? */
export function isAbortAfterPanic(text: string): boolean {
  return P.abortAfterPanic.re.test(text)
}

export const HEADER_WHY: Record<HeaderStyle, string> = {
  modern: 'panic header',
  quoted: 'panic header and message',
  quotedOpen: 'panic header',
  hook: 'panic header and message',
  overflow: 'stack overflow',
  runtimeError: 'Rust runtime aborts',
  allocFailed: 'allocation failure aborts',
  record: 'panic hook record',
  backtrace: 'backtrace of a panic whose header is missing',
}

// Each header style says what it shows on its own; later lines may add kinds.
const HEADER_KINDS: Record<HeaderStyle, (e: TraceEvent, h: PanicHeader) => void> = {
  modern: (e) => addKind(e, 'panic'),
  quoted: (e) => addKind(e, 'panic'),
  quotedOpen: (e) => addKind(e, 'panic'),
  hook: (e) => addKind(e, 'panic'),
  record: (e) => addKind(e, 'panic'),
  // Decided by the frames once the backtrace is read (see rust-panic's finish).
  backtrace: () => undefined,
  overflow: (e, h) => {
    e.message = `thread '${h.thread ?? ''}' has overflowed its stack`
    e.facts.stackOverflow = true
    addKind(e, 'abort')
    e.signal = 'SIGABRT'
  },
  runtimeError: (e, h) => {
    e.message = `fatal runtime error: ${h.message ?? ''}`
    if (P.stackOverflow.re.test(h.message ?? '')) e.facts.stackOverflow = true
    addKind(e, 'abort')
    e.signal = 'SIGABRT'
  },
  allocFailed: (e, h) => {
    e.message = `memory allocation of ${h.allocBytes ?? 0} bytes failed`
    if (h.allocBytes !== null) e.facts.allocBytes = h.allocBytes
    addKind(e, 'oom')
    addKind(e, 'abort')
    e.signal = 'SIGABRT'
  },
}

/** Sets the kinds, signal and message a header shows by itself. */
export function describeHeaderKinds(event: TraceEvent, header: PanicHeader): void {
  HEADER_KINDS[header.style](event, header)
}
