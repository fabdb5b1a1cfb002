// A program's own fatal-signal handler printing backtrace_symbols(3) frames: `Error: signal 11 (Segmentation fault),
// fault address 0x10, backtrace (9 frames):` then `./prog(func+0x1a)[0x..]`; also glibc catchsegv's `*** Segmentation fault`.
import type {LogLine, TraceEvent} from '../model.js'
import {kindOfSignal, normaliseSignal} from './native-signals.js'
import {addFrame, addKinds, cite, newEvent, take} from './postmortem-event.js'
import {FRAME_NAME_PATTERNS, runtimeOfFrames} from './postmortem-frames.js'
import {SYMBOL_FRAME_PATTERNS, parseSymbolFrame} from './postmortem-symbols.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

/** Frames needed to believe the header (a prose line naming a signal has none after it). */
const MIN_FRAMES = 2
/** Non-frame lines tolerated before the first frame (catchsegv prints a register dump first). */
const BEFORE_FRAMES = {plain: 4, catchsegv: 40}

export const BACKTRACE_SYMBOLS_PATTERNS = {
  signalNumber: {
    re: /\bsignal:? (?<num>\d{1,2})\b(?: \((?<desc>[A-Za-z][\w /]{1,40})\))?/i,
    examples: ['Error: signal 11 (Segmentation fault), fault address 0x10, backtrace (9 frames):', 'Caught signal 6 (Aborted), stack trace follows'],
  },
  signalName: {re: /\b(?<name>SIG(?:SEGV|ABRT|BUS|ILL|FPE|TRAP))\b/, examples: ['Received SIGSEGV, backtrace:']},
  // Words that make a signal line a crash handler's header rather than prose.
  handlerWords: {re: /caught|received|got|fatal|crash|backtrace|stack|frames/i, examples: ['Caught signal 11', 'fatal signal, backtrace:']},
  catchsegv: {re: /^\*\*\* (?<desc>Segmentation fault|Bus error|Illegal instruction|Floating point exception|Aborted)$/, examples: ['*** Segmentation fault']},
  faultAddress: {re: /(?:fault |at |accessing )?addr(?:ess)?[:= ]+(?<addr>0x[0-9a-fA-F]+|\(nil\))/i, examples: ['fault address 0x10', 'addr=0x0']},
  // Headers other formats own (glog, Go, gdb, ASan, Ceph, Redis, ClickHouse, kernel): never start on them.
  foreign: {
    re: /^\*\*\* (?:SIG|Aborted at|Check failure)|\[signal |Program (?:terminated|received)|received signal SIG[A-Z]+, |Sanitizer|Caught signal \(|crashed by signal|\(from thread|segfault at|fatal error:|SIG[A-Z]+: [a-z]|PC=0x|goroutine /,
    examples: ['*** SIGSEGV (@0x0) received by PID 5405 (TID 0x7f) from PID 0; stack trace: ***', '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a1b2c]'],
  },
} as const satisfies PatternTable

interface Header {
  signal: string
  catchsegv: boolean
}

function headerOf(text: string): Header | null {
  const p = BACKTRACE_SYMBOLS_PATTERNS
  const t = text.trim()
  const seg = p.catchsegv.re.exec(t)?.groups
  if (seg) return {signal: normaliseSignal(seg.desc ?? '') ?? '', catchsegv: true}
  if (p.foreign.re.test(t) || !p.handlerWords.re.test(t)) return null
  const num = p.signalNumber.re.exec(t)?.groups
  const signal = num ? normaliseSignal(num.num ?? '') : normaliseSignal(p.signalName.re.exec(t)?.groups?.name ?? '')
  return signal && kindOfSignal(signal) ? {signal, catchsegv: false} : null
}

class BacktraceSymbolsParser implements TraceParser {
  private readonly event: TraceEvent
  private waited = 0
  private readonly patience: number

  constructor(first: LogLine, header: Header) {
    const event = newEvent(backtraceSymbolsFormat.id, first, null)
    event.signal = header.signal
    addKinds(event, [kindOfSignal(header.signal)])
    event.message = first.text.trim()
    const addr = BACKTRACE_SYMBOLS_PATTERNS.faultAddress.re.exec(first.text)?.groups?.addr
    if (addr) event.faultAddress = addr === '(nil)' ? '0x0' : addr
    cite(event, first, 'fatal signal reported by the program\'s handler')
    this.event = event
    this.patience = header.catchsegv ? BEFORE_FRAMES.catchsegv : BEFORE_FRAMES.plain
  }

  push(line: LogLine): PushResult {
    const frame = parseSymbolFrame(line.text)
    if (frame) {
      if (this.event.frames.length === 0) cite(this.event, line, 'first frame of the backtrace')
      addFrame(this.event, frame)
      take(this.event, line)
      return 'taken'
    }
    if (this.event.frames.length > 0 || headerOf(line.text)) return 'ended'
    return ++this.waited > this.patience ? 'ended' : 'skipped'
  }

  finish(): TraceEvent[] {
    if (this.event.frames.length < MIN_FRAMES) return []
    this.event.runtime = runtimeOfFrames(this.event.frames)
    return [this.event]
  }
}

export const backtraceSymbolsFormat: TraceFormat = {
  id: 'backtrace-symbols',
  runtime: null,
  stage: 'dump',
  triggers: [
    ...['signal ', 'signal: '].flatMap((s) => ['1', '4', '5', '6', '7', '8'].map((n) => s + n)),
    ...['SIGSEGV', 'SIGABRT', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGTRAP'],
    ...['Segmentation fault', 'Bus error', 'Illegal instruction', 'Floating point exception', 'Aborted'].map((d) => `*** ${d}`),
  ],
  patterns: {...BACKTRACE_SYMBOLS_PATTERNS, ...SYMBOL_FRAME_PATTERNS, ...FRAME_NAME_PATTERNS},
  detect: (line) => headerOf(line.text) !== null,
  parse: (first) => new BacktraceSymbolsParser(first, headerOf(first.text) ?? {signal: '', catchsegv: false}),
}
