// Ceph daemons' fatal signal handler: `*** Caught signal (Segmentation fault) **`, ` in thread 7ff.. thread_name:x`,
// ` ceph version ...`, numbered frames ` 2: (Foo::bar()+0x4) [0x..]`, ending with ` NOTE: a copy of the executable...`.
import type {Frame, LogLine, TraceEvent} from '../model.js'
import {kindOfSignal, normaliseSignal} from './native-signals.js'
import {addFrame, addKinds, cite, newEvent, take} from './postmortem-event.js'
import {SYMBOL_FRAME_PATTERNS, parseSymbolFrame} from './postmortem-symbols.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

/** Unrelated lines tolerated inside the dump (other threads still log while it is printed). */
const MAX_IDLE = 6
/** Lines of the recent-events replay taken as part of the crash (Ceph keeps 10000 entries by default). */
const MAX_REPLAY_LINES = 20_000

export const CEPH_PATTERNS = {
  // Non-anchored: log prefixes (`debug 0> 2021-.. 7fd5 -1 `) and markdown damage (`**\*`) come before it.
  header: {
    re: /Caught signal \((?<desc>[^)]{2,40})\)/,
    examples: ['*** Caught signal (Segmentation fault) **', 'debug      0> 2021-07-01T16:22:36.445+0000 7fd501047080 -1 *** Caught signal (Aborted) **'],
  },
  thread: {re: /^\s*in thread (?<tid>[0-9a-f]+)(?: thread_name:(?<name>\S+))?/, examples: [' in thread 7ff093141640 thread_name:ms_dispatch']},
  version: {re: /^\s*ceph version (?<version>\S+)/, examples: [' ceph version 19.0.0-1910-g8d113723 (8d113723f96506c76b2d749e6808af82c9613dd5) squid (dev)']},
  frame: {re: /^\s*(?<n>\d{1,4}): (?<body>\S.*)$/, examples: [' 1: /lib64/libc.so.6(+0x54db0) [0x7fcc7aa54db0]', ' 5: main()']},
  // Newer Ceph prints some frames as a bare symbol: ` 5: main()`, ` 2: gsignal()`.
  bareSymbol: {re: /^(?<fn>[\w:~<>]+)\(\)$/, examples: ['main()', '__libc_start_main()']},
  // A frame cut off by the paste: `3: (CommonSafeTimer<std::mute`.
  cutFrame: {re: /^\(?(?<fn>[^+()][^+]*)/, examples: ['(CommonSafeTimer<std::mute', '(Foo::bar(int)+0x4) [0x5']},
  note: {re: /^\s*NOTE: a copy of the executable/, examples: [' NOTE: a copy of the executable, or `objdump -rdS <executable>` is needed to interpret this.']},
  section: {re: /^--- (?:begin dump of recent events|logging levels|end dump of recent events)/, examples: ['--- logging levels ---']},
  // After the backtrace Ceph replays its recent log entries, this crash's `0> ... Caught signal` among them.
  replayBegin: {re: /^--- begin dump of recent events ---/, examples: ['--- begin dump of recent events ---']},
  replayEnd: {re: /^--- end dump of recent events ---/, examples: ['--- end dump of recent events ---']},
} as const satisfies PatternTable

/** The frame of a numbered line's body: `(Foo::bar()+0x4) [0x..]`, `main()`, or a frame the paste cut. */
export function parseCephFrame(body: string): Frame {
  const bare = CEPH_PATTERNS.bareSymbol.re.exec(body)?.groups
  const cut = CEPH_PATTERNS.cutFrame.re.exec(body)?.groups?.fn
  return parseSymbolFrame(body) ?? {function: bare?.fn ?? cut ?? body}
}

class CephParser implements TraceParser {
  private readonly event: TraceEvent
  private idle = 0
  /** In the backtrace, after its NOTE line, in the recent-events replay, or past it. */
  private state: 'dump' | 'noted' | 'replay' | 'over' = 'dump'
  private replayLines = 0

  constructor(first: LogLine) {
    const event = newEvent(cephCaughtSignalFormat.id, first, 'cpp')
    const desc = CEPH_PATTERNS.header.re.exec(first.text)?.groups?.desc ?? ''
    event.signal = normaliseSignal(desc)
    addKinds(event, [event.signal ? kindOfSignal(event.signal) : null])
    event.message = `Caught signal (${desc})`
    cite(event, first, 'fatal signal caught by the Ceph daemon')
    this.event = event
  }

  push(line: LogLine): PushResult {
    const text = line.text.trim()
    if (this.state === 'replay') return this.replayed(line, text)
    if (this.state === 'over') return 'ended'
    if (this.state === 'noted') {
      if (text === '') return 'skipped'
      if (!CEPH_PATTERNS.replayBegin.re.test(text)) return 'ended'
      this.state = 'replay'
      return this.took(line)
    }
    if (CEPH_PATTERNS.header.re.test(text) || CEPH_PATTERNS.section.re.test(text)) return 'ended'
    if (this.consume(line, text)) {
      this.idle = 0
      return this.took(line)
    }
    return text !== '' && ++this.idle > MAX_IDLE ? 'ended' : 'skipped'
  }

  /** The replay repeats this crash's lines (its `0> ... Caught signal` too): take it whole, not as a second crash. */
  private replayed(line: LogLine, text: string): PushResult {
    if (++this.replayLines > MAX_REPLAY_LINES) return 'ended'
    if (CEPH_PATTERNS.replayEnd.re.test(text)) this.state = 'over'
    return this.took(line)
  }

  private took(line: LogLine): PushResult {
    take(this.event, line)
    return 'taken'
  }

  private consume(line: LogLine, text: string): boolean {
    const p = CEPH_PATTERNS
    const thread = p.thread.re.exec(text)?.groups
    if (thread) {
      this.event.facts.thread = thread.tid ?? ''
      if (thread.name) this.event.facts.threadName = thread.name
      return true
    }
    const version = p.version.re.exec(text)?.groups
    if (version) this.event.facts.version = version.version ?? ''
    const note = p.note.re.test(text)
    if (note) this.state = 'noted'
    const frame = p.frame.re.exec(text)?.groups
    if (frame) this.frame(line, frame.body ?? '')
    return Boolean(version || note || frame)
  }

  private frame(line: LogLine, body: string): void {
    if (this.event.frames.length === 0) cite(this.event, line, 'first frame of the dump')
    addFrame(this.event, parseCephFrame(body))
  }

  finish(): TraceEvent[] {
    return this.event.kinds.length > 0 ? [this.event] : []
  }
}

export const cephCaughtSignalFormat: TraceFormat = {
  id: 'ceph-caught-signal',
  runtime: 'cpp',
  stage: 'dump',
  triggers: ['Caught signal ('],
  patterns: {...CEPH_PATTERNS, ...SYMBOL_FRAME_PATTERNS},
  detect: (line) => CEPH_PATTERNS.header.re.test(line.text),
  parse: (first) => new CephParser(first),
}
