// Seastar's (ScyllaDB, Redpanda) reactor signal report: `Segmentation fault on shard 3.` or `Aborting on shard 0,
// in scheduling group main.`, then `Backtrace:` with `0x3f1c1a2` / `/lib/libc.so.6+0x3db6f` frames, or addr2line's decoding.
import type {Frame, LogLine, TraceEvent} from '../model.js'
import {addFrame, addKind, startEvent, take} from './cxx-event.js'
import {kindOfSignal} from './native-signals.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

/** What reactor.cc's print_with_backtrace(cause) names, and the signal each cause is. */
const SIGNAL_OF_CAUSE: Readonly<Record<string, string>> = {
  'Segmentation fault': 'SIGSEGV',
  Aborting: 'SIGABRT',
  'Bus error': 'SIGBUS',
  'Illegal instruction': 'SIGILL',
  'Floating point exception': 'SIGFPE',
}
const CAUSES = Object.keys(SIGNAL_OF_CAUSE).join('|')
/** Unrelated lines tolerated inside the report (another shard's log line, a paste's prose). */
const MAX_FOREIGN_LINES = 5

export const SEASTAR_SIGNAL_PATTERNS = {
  header: {
    re: new RegExp(String.raw`^\s*(?<cause>${CAUSES}) on shard (?<shard>\d+)(?:, in scheduling group (?<group>\S+?))?\.?\s*$`),
    examples: ['Segmentation fault on shard 3.', 'Aborting on shard 0.', 'Aborting on shard 3, in scheduling group main.', 'Floating point exception on shard 12, in scheduling group sl:default.', 'Bus error on shard 1.'],
  },
  backtraceHeader: {re: /^\s*Backtrace:\s*$/, examples: ['Backtrace:']},
  // backtrace_buffer::append_backtrace(): the executable's frames as addresses, a library's as `path+0xoffset`.
  addressFrame: {
    re: /^\s*(?:(?<module>[^\s+]+)\+)?(?<addr>0x[0-9a-fA-F]+)\s*$/,
    examples: ['  0x3f1c1a2', '  0x00000000004cc7ca', '  /opt/scylladb/libreloc/libc.so.6+0x3db6f'],
  },
  // The same backtrace decoded with seastar-addr2line or `addr2line -Cpfi`: `func at file:line`, inlined frames indented.
  symbolFrame: {
    re: /^\s*(?:0x[0-9a-fA-F]+: )?(?:\(inlined by\) )?(?<fn>\S.*?) at (?<file>[^\s:]+\.[A-Za-z+]{1,4}|\?\?):(?<line>\d+|\?)(?: \(discriminator \d+\))?\s*$/,
    examples: [
      'seastar::print_with_backtrace(char const*, bool) at ./build/release/seastar/./seastar/src/core/reactor.cc:866',
      ' (inlined by) sstables::compaction::setup() at ./sstables/compaction.cc:512',
      'sigsegv_action at ??:?',
      '0x0000000001d5c0a1: compaction_manager::task::run() at ./compaction/compaction_manager.cc:402',
    ],
  },
  unknownFrame: {re: /^\s*(?:0x[0-9a-fA-F]+: )?\?\? \?\?:0\s*$/, examples: ['?? ??:0']},
} as const satisfies PatternTable

const P = SEASTAR_SIGNAL_PATTERNS

interface Header {
  cause: string
  shard: number
  group: string | null
}

function headerOf(text: string): Header | null {
  const g = P.header.re.exec(text)?.groups
  return g ? {cause: g.cause ?? '', shard: Number(g.shard), group: g.group ?? null} : null
}

/** A backtrace line as a frame, and whether it was decoded (named) or an address. */
function frameOf(text: string): {frame: Frame; named: boolean} | null {
  const address = P.addressFrame.re.exec(text)?.groups
  if (address) return {frame: {function: '??', file: null, line: null, module: address.module ?? null, address: address.addr ?? null}, named: false}
  if (P.unknownFrame.re.test(text)) return {frame: {function: '??'}, named: true}
  const symbol = P.symbolFrame.re.exec(text)?.groups
  if (!symbol) return null
  const line = symbol.line === '?' ? null : Number(symbol.line) || null
  const file = symbol.file === '??' ? null : (symbol.file ?? null)
  return {frame: {function: symbol.fn ?? '??', file, line, module: null, address: null}, named: true}
}

class SeastarSignalParser implements TraceParser {
  private readonly event: TraceEvent
  private foreign = 0
  private inBacktrace = false
  /** The raw addresses are read until a decoded copy (seastar-addr2line) replaces them; what follows it is a repeat. */
  private reading: 'addresses' | 'decoded' | 'done' = 'addresses'

  constructor(first: LogLine, header: Header) {
    const event = startEvent(seastarSignalFormat.id, 'cpp', first)
    event.signal = SIGNAL_OF_CAUSE[header.cause] ?? null
    addKind(event, event.signal ? kindOfSignal(event.signal) : null)
    event.message = `${header.cause} on shard ${header.shard}`
    event.facts.shard = header.shard
    if (header.group !== null) event.facts.schedulingGroup = header.group
    take(event, first, 'Seastar reactor reports a fatal signal')
    this.event = event
  }

  push(line: LogLine): PushResult {
    // A second report is a second death (or another process's).
    if (headerOf(line.text)) return 'ended'
    if (this.read(line.text)) {
      this.foreign = 0
      take(this.event, line)
      return 'taken'
    }
    if (line.text.trim() === '') return 'skipped'
    return ++this.foreign > MAX_FOREIGN_LINES ? 'ended' : 'skipped'
  }

  finish(): TraceEvent[] {
    return [this.event]
  }

  private read(text: string): boolean {
    if (!this.inBacktrace) {
      this.inBacktrace = P.backtraceHeader.re.test(text)
      return this.inBacktrace
    }
    const read = frameOf(text)
    if (!read) return false
    if (read.named && this.reading === 'addresses') {
      this.reading = 'decoded'
      this.event.frames = []
      delete this.event.facts.framesDropped
    } else if (!read.named && this.reading === 'decoded') this.reading = 'done'
    if (this.reading === (read.named ? 'decoded' : 'addresses')) addFrame(this.event, read.frame)
    return true
  }
}

export const seastarSignalFormat: TraceFormat = {
  id: 'seastar-signal',
  runtime: 'cpp',
  stage: 'dump',
  triggers: Object.keys(SIGNAL_OF_CAUSE).map((cause) => `${cause} on shard `),
  patterns: SEASTAR_SIGNAL_PATTERNS,
  detect: (line) => headerOf(line.text) !== null,
  parse: (first) => new SeastarSignalParser(first, headerOf(first.text) ?? {cause: '', shard: 0, group: null}),
}
