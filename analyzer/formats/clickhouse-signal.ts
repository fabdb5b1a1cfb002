// ClickHouse BaseDaemon's fatal signal dump: a `####...` banner, `(from thread 2365) Received signal Segmentation fault (11).`,
// `Address: NULL pointer.`, and frames `0. /usr/bin/clickhouse-server(f(...)+0x11b) [0x50e4dcb]` or `0. f() @ 0x.. in /usr/bin/clickhouse`.
import type {Frame, LogLine, TraceEvent} from '../model.js'
import {kindOfSignal, normaliseSignal} from './native-signals.js'
import {addFrame, addKinds, cite, newEvent, take} from './postmortem-event.js'
import {SYMBOL_FRAME_PATTERNS, parseSymbolFrame} from './postmortem-symbols.js'
import type {PatternEntry, PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

/** Lines after the banner in which the signal line must come; unrelated lines tolerated after it. */
const MAX_BEFORE_SIGNAL = 3
const MAX_IDLE = 5

export const CLICKHOUSE_PATTERNS = {
  banner: {re: /^#{40}$/, examples: ['########################################']},
  signal: {
    re: /Received signal (?:(?<desc>[A-Za-z][\w ]{1,40}?) )?\(?(?<num>-?\d{1,2})\)?/,
    examples: [
      '(from thread 2365) Received signal Segmentation fault (11).',
      '(version 22.3.2.2 (official build), build id: 8D1C5E) (from thread 1234) (query_id: 5a6b) Received signal Aborted (6)',
    ],
  },
  // Required with the signal line: BaseDaemon names the thread that got it.
  fromThread: {re: /\(from thread (?<thread>\d+)\)/, examples: ['(from thread 2365) Received signal Segmentation fault (11).']},
  address: {re: /^Address: (?<addr>NULL pointer|0x[0-9a-fA-F]+)/, examples: ['Address: NULL pointer.', 'Address: 0x7f2a3c4d5e60 Access: read. Address not mapped to object.']},
  detail: {re: /^(?:Access: |Unknown si_code|Address not mapped|Invalid permissions|Stack trace: |Integrity check|Changed settings|Calculated checksum|This ClickHouse version|Received signal|Signal description)/, examples: ['Access: read.', 'Stack trace: 0x50e4dcb 0x50e5dad']},
  frame: {re: /^(?<n>\d{1,4})\. (?<body>\S.*)$/, examples: ['0. /usr/bin/clickhouse-server(tcmalloc::ThreadCache::DeleteCache(tcmalloc::ThreadCache*)+0x4d) [0x50e5dad]']},
  // ClickHouse >= 20: `[file:line: ]function @ 0x... [in /usr/bin/clickhouse]`.
  atFrame: {
    re: /^(?:(?<file>[^\s:]+):(?<line>\d+): )?(?<fn>\S.*?) @ (?<addr>0x[0-9a-fA-F]+)(?: in (?<module>\S+))?$/,
    examples: ['./build/./src/Common/StackTrace.cpp:283: StackTrace::StackTrace(ucontext_t const&) @ 0x00000000083e5f35 in /usr/bin/clickhouse', 'DB::Block::getByPosition(unsigned long) const @ 0x10f5a2b in /usr/bin/clickhouse'],
  },
} as const satisfies PatternTable

interface SignalDetail extends PatternEntry {
  signal: string
}

/** Lines BaseDaemon prints for one signal only: they name it when the `Received signal` line was lost. */
export const CLICKHOUSE_SIGNAL_DETAILS = {
  segv: {
    re: /^(?:Address: (?:NULL pointer|0x[0-9a-fA-F]+)|Access: (?:read|write)\.|Address not mapped to object|Attempted access has violated the permissions)/,
    examples: ['Address: NULL pointer.', 'Access: read.', 'Address not mapped to object.'],
    signal: 'SIGSEGV',
  },
  bus: {
    re: /^(?:Invalid address alignment|Non-exist[ae]nt physical address|Object specific hardware error)/,
    examples: ['Invalid address alignment.', 'Non-existent physical address.'],
    signal: 'SIGBUS',
  },
  ill: {
    re: /^(?:Illegal (?:opcode|operand|addressing mode|trap)|Privileged (?:opcode|register)|Coprocessor error|Internal stack error)\./,
    examples: ['Illegal opcode.', 'Privileged register.'],
    signal: 'SIGILL',
  },
  fpe: {
    re: /^(?:Integer (?:divide by zero|overflow)|Floating point (?:divide by zero|overflow|underflow|inexact result|invalid operation)|Subscript out of range)\./,
    examples: ['Integer divide by zero.', 'Floating point overflow.'],
    signal: 'SIGFPE',
  },
} as const satisfies Record<string, SignalDetail>

/** The signal a BaseDaemon fault description names, or null. */
function signalOfDetail(text: string): string | null {
  return (Object.values(CLICKHOUSE_SIGNAL_DETAILS) as SignalDetail[]).find((d) => d.re.test(text))?.signal ?? null
}

/** `(from thread N) ... Received signal Name (N)`: both parts, thread first. */
function signalOf(text: string): Record<string, string | undefined> | null {
  const thread = CLICKHOUSE_PATTERNS.fromThread.re.exec(text)
  const signal = thread ? CLICKHOUSE_PATTERNS.signal.re.exec(text) : null
  if (!thread || !signal || signal.index < thread.index) return null
  return {...signal.groups, thread: thread.groups?.thread}
}

function clickhouseFrame(body: string): Frame | null {
  const at = CLICKHOUSE_PATTERNS.atFrame.re.exec(body)?.groups
  if (!at) return parseSymbolFrame(body)
  const line = at.line ? Number(at.line) : null
  return {function: at.fn ?? '??', file: at.file ?? null, line: line || null, module: at.module ?? null, address: at.addr ?? null}
}

class ClickhouseParser implements TraceParser {
  private readonly event: TraceEvent
  private seen = 0
  private idle = 0

  constructor(first: LogLine) {
    this.event = newEvent(clickhouseSignalFormat.id, first, 'cpp')
    this.signal(first, first.text.trim())
  }

  push(line: LogLine): PushResult {
    const text = line.text.trim()
    if (CLICKHOUSE_PATTERNS.banner.re.test(text)) return 'ended'
    if (!this.event.signal) {
      if (this.signal(line, text) || this.describedSignal(line, text)) return 'taken'
      return ++this.seen > MAX_BEFORE_SIGNAL ? 'ended' : 'skipped'
    }
    if (signalOf(text)) return 'ended'
    if (this.detail(line, text)) {
      this.idle = 0
      return 'taken'
    }
    return text !== '' && ++this.idle > MAX_IDLE ? 'ended' : 'skipped'
  }

  private signal(line: LogLine, text: string): boolean {
    const g = signalOf(text)
    if (!g) return false
    const sig = normaliseSignal(g.num ?? '') ?? normaliseSignal(g.desc ?? '')
    this.event.signal = sig ?? `signal ${g.num}`
    addKinds(this.event, [sig ? kindOfSignal(sig) : null])
    this.event.facts.thread = Number(g.thread)
    const message = text.slice(text.indexOf('Received signal'))
    this.event.message = message.endsWith('.') ? message.slice(0, -1) : message
    cite(this.event, line, 'fatal signal reported by ClickHouse BaseDaemon')
    return true
  }

  /** A banner whose signal line was lost: the fault description after it names the signal. */
  private describedSignal(line: LogLine, text: string): boolean {
    const signal = signalOfDetail(text)
    if (!signal) return false
    this.event.signal = signal
    addKinds(this.event, [kindOfSignal(signal)])
    this.event.message = text.endsWith('.') ? text.slice(0, -1) : text
    this.event.facts.signalFromDescription = true
    cite(this.event, line, 'fault description naming the signal (its signal line is missing)')
    this.detail(line, text)
    return true
  }

  private detail(line: LogLine, text: string): boolean {
    const p = CLICKHOUSE_PATTERNS
    const addr = p.address.re.exec(text)?.groups?.addr
    if (addr) this.event.faultAddress = addr === 'NULL pointer' ? '0x0' : addr
    const body = p.frame.re.exec(text)?.groups?.body
    const frame = body ? clickhouseFrame(body) : null
    if (frame) {
      if (this.event.frames.length === 0) cite(this.event, line, 'innermost frame')
      addFrame(this.event, frame)
    }
    if (!addr && !frame && !p.detail.re.test(text) && !signalOfDetail(text)) return false
    take(this.event, line)
    return true
  }

  finish(): TraceEvent[] {
    return this.event.kinds.length > 0 ? [this.event] : []
  }
}

export const clickhouseSignalFormat: TraceFormat = {
  id: 'clickhouse-signal',
  runtime: 'cpp',
  stage: 'dump',
  triggers: ['########################################', 'Received signal'],
  patterns: {...CLICKHOUSE_PATTERNS, ...CLICKHOUSE_SIGNAL_DETAILS, ...SYMBOL_FRAME_PATTERNS},
  detect(line: LogLine): boolean {
    const text = line.text.trim()
    return CLICKHOUSE_PATTERNS.banner.re.test(text) || signalOf(text) !== null
  },
  parse: (first) => new ClickhouseParser(first),
}
