// Rust panics (old and new std formats, TiKV's panic hook records), stack overflows and fatal runtime errors.
import type {LogLine, TraceEvent} from '../model.js'
import {addKind, mentionsOutOfMemory, NATIVE_PATTERNS, startEvent, take} from './cxx-event.js'
import {isBacktraceHeader, readBacktraceLine, RUST_BACKTRACE_PATTERNS} from './rust-backtrace.js'
import {describeHeaderKinds, HEADER_WHY, headlessBacktrace, isAbortAfterPanic, readPanicHeader, RUST_PANIC_HEADER_PATTERNS, unescapeField, type PanicHeader} from './rust-panic-headers.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const RUST_PANIC_PATTERNS = {
  ...RUST_PANIC_HEADER_PATTERNS,
  ...RUST_BACKTRACE_PATTERNS,
  outOfMemory: NATIVE_PATTERNS.outOfMemory,
  // Old-style messages go on after the header line; new-style ones are indented (assert_eq! left/right).
  messageContinuation: {
    re: /^\s+\S/,
    examples: ['  left: 1', ' right: 2'],
  },
  inlineBacktrace: {
    re: /\[backtrace="(?<bt>(?:[^"\\]|\\.)*)/,
    examples: ['["x"] [backtrace="stack backtrace:\\n   0: tikv_util::set_panic_hook::{{closure}}\\n"] [location=a.rs:1]'],
  },
  panicMachinery: {
    re: /set_panic_hook|panic_hook|panicking|rust_begin_unwind/,
    examples: ['tikv_util::set_panic_hook::{{closure}}', 'std::panicking::rust_panic_with_hook'],
  },
  // Frames only a panic's unwinding goes through: a backtrace without its header still shows a panic.
  panicFrame: {
    re: /^(?:__rustc::)?rust_(?:begin_unwind|panic)\b|^(?:std|core)::panicking::/,
    examples: ['__rustc::rust_begin_unwind', 'core::panicking::panic_fmt', 'std::panicking::begin_panic<collections::string::String>', 'rust_panic'],
  },
} satisfies PatternTable

const P = RUST_PANIC_PATTERNS
/** Unrelated lines tolerated inside a report (other threads' log lines) before it is over. */
const MAX_FOREIGN_LINES = 8

type State = 'message' | 'quotedMessage' | 'afterMessage' | 'backtrace' | 'done'
/** Where a report goes on after its first line (others: after the message). */
const STATE_AFTER_HEADER: Partial<Record<PanicHeader['style'], State>> = {modern: 'message', quotedOpen: 'quotedMessage', backtrace: 'backtrace'}

class RustPanicParser implements TraceParser {
  private readonly event: TraceEvent
  private state: State
  private foreign = 0
  private readonly messageLines: string[] = []
  private inlineRead = false

  constructor(
    first: LogLine,
    private readonly header: PanicHeader,
  ) {
    this.event = startEvent(rustPanicFormat.id, 'rust', first)
    this.state = STATE_AFTER_HEADER[header.style] ?? 'afterMessage'
    this.describeHeader(first)
    if (header.style === 'record') this.readInlineBacktrace(first)
  }

  push(line: LogLine): PushResult {
    if (this.header.style === 'record' && line.lineNo !== this.event.firstLine) return 'ended'
    // Lines the engine unescaped from a field already read in place.
    if (this.inlineRead) return 'taken'
    const text = line.text
    if (this.state !== 'quotedMessage' && readPanicHeader(line)) return this.followUp(line)
    const result = this.read(line, text)
    if (result === 'taken') {
      this.foreign = 0
      take(this.event, line)
      return 'taken'
    }
    if (text.trim() === '') return 'skipped'
    return ++this.foreign > (this.state === 'done' ? 2 : MAX_FOREIGN_LINES) ? 'ended' : 'skipped'
  }

  finish(): TraceEvent[] {
    const e = this.event
    // TiKV logs at FATAL only to die (its panic hook, fatal!): a record whose backtrace was cut off
    // is still a death; one whose frames show no panic is some other report.
    if (this.header.style === 'record' && e.frames.length > 0 && !e.frames.some((f) => P.panicMachinery.re.test(f.function))) return []
    if (this.header.style === 'backtrace') {
      if (!e.frames.some((f) => P.panicFrame.re.test(f.function))) return []
      addKind(e, 'panic')
      e.facts.headless = true
    }
    if (e.message === null && this.messageLines.length > 0) e.message = this.messageLines[0] ?? null
    const allText = [e.message ?? '', ...this.messageLines].join('\n')
    if (mentionsOutOfMemory(allText)) addKind(e, 'oom')
    if (this.messageLines.length > 1) e.facts.messageLines = this.messageLines.length
    return [e]
  }

  /** A header right after ours: the runtime aborting (ours), or another report. */
  private followUp(line: LogLine): PushResult {
    const next = readPanicHeader(line)
    if (next?.style !== 'runtimeError' || this.header.style === 'runtimeError') return 'ended'
    this.markAbort(line, `fatal runtime error: ${next.message ?? ''}`)
    return 'taken'
  }

  private read(line: LogLine, text: string): 'taken' | 'other' {
    if (isAbortAfterPanic(text)) {
      this.markAbort(line, text.trim())
      return 'taken'
    }
    if (this.state === 'done') return 'other'
    if (this.state === 'quotedMessage') return this.readQuotedMessage(line, text)
    if (isBacktraceHeader(text)) {
      this.state = 'backtrace'
      return 'taken'
    }
    if (this.state === 'backtrace') return this.readFrame(text)
    if (P.omittedNote.re.test(text)) {
      this.state = 'done'
      return 'taken'
    }
    if (this.state === 'message' && (this.messageLines.length === 0 || P.messageContinuation.re.test(text))) {
      this.messageLines.push(text.trim())
      if (this.messageLines.length === 1) take(this.event, line, 'panic message')
      return 'taken'
    }
    return 'other'
  }

  private readFrame(text: string): 'taken' | 'other' {
    const kind = readBacktraceLine(this.event, text)
    if (kind === 'note') this.state = 'done'
    return kind === 'other' ? 'other' : 'taken'
  }

  private readQuotedMessage(line: LogLine, text: string): 'taken' {
    const close = P.quotedClose.re.exec(text)?.groups
    this.messageLines.push((close ? close.msg ?? '' : text).trim())
    if (close) {
      this.event.facts.location = close.loc ?? ''
      this.state = 'afterMessage'
      take(this.event, line, 'panic location')
    } else if (this.messageLines.length >= 20) {
      this.state = 'afterMessage'
    }
    return 'taken'
  }

  private describeHeader(first: LogLine): void {
    const {event: e, header: h} = this
    if (h.thread !== null) e.facts.thread = h.thread
    if (h.threadId !== null) e.facts.threadId = h.threadId
    if (h.thread === 'main' && h.threadId !== null) e.pid = h.threadId
    if (h.location !== null) e.facts.location = h.location
    if (h.message !== null) this.messageLines.push(h.message)
    describeHeaderKinds(e, h)
    take(e, first, HEADER_WHY[h.style])
  }

  private markAbort(line: LogLine, why: string): void {
    addKind(this.event, 'abort')
    this.event.signal = 'SIGABRT'
    take(this.event, line, why)
    if (RUST_PANIC_HEADER_PATTERNS.stackOverflow.re.test(why)) this.event.facts.stackOverflow = true
  }

  /** A record whose backtrace field was not expanded into lines: read it in place. */
  private readInlineBacktrace(first: LogLine): void {
    const bt = P.inlineBacktrace.re.exec(first.text)?.groups?.bt
    if (bt === undefined) return
    for (const text of unescapeField(bt).split('\n')) this.read(first, text)
    this.inlineRead = true
  }
}

export const rustPanicFormat: TraceFormat = {
  id: 'rust-panic',
  runtime: 'rust',
  stage: 'dump',
  triggers: ['panicked', 'has overflowed its stack', 'fatal runtime error:', 'memory allocation of ', '[FATAL]', 'stack backtrace:'],
  patterns: RUST_PANIC_PATTERNS,
  detect: (line) => readPanicHeader(line) !== null || isBacktraceHeader(line.text),
  parse: (first) => new RustPanicParser(first, readPanicHeader(first) ?? headlessBacktrace()),
}
