// AddressSanitizer reports: `==pid==ERROR: AddressSanitizer: <what>`, the stacks, SUMMARY, `==pid==ABORTING`.
import type {LogLine, TraceEvent} from '../model.js'
import {ASAN_ERROR_PATTERNS, classifyAsanError, classifyAsanSummary} from './cxx-asan-errors.js'
import {addFrame, addKind, shortAddress, startEvent, take} from './cxx-event.js'
import {readSanitizerFrame, SANITIZER_FRAME_PATTERNS} from './cxx-sanitizer-frames.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const ASAN_PATTERNS = {
  ...ASAN_ERROR_PATTERNS,
  ...SANITIZER_FRAME_PATTERNS,
  deadlySignal: {
    re: /(?:^|\s)(?:HW)?AddressSanitizer:DEADLYSIGNAL\s*$/,
    examples: ['AddressSanitizer:DEADLYSIGNAL'],
  },
  // LeakSanitizer shares the shape but reports leaks at exit: not a crash, so not matched here.
  errorLine: {
    re: /(?:==(?<pid>\d+)==)?ERROR: (?:HW)?AddressSanitizer: (?<what>\S.*)$/,
    examples: ['==5354==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000000 (pc 0x55cecbe03965 bp 0x7ffd1795fed0 sp 0x7ffd1795fed0 T0)'],
  },
  otherReport: {
    re: /==\d+==ERROR: \w+Sanitizer: /,
    examples: ['==5354==ERROR: LeakSanitizer: detected memory leaks'],
  },
  aborting: {
    re: /^\s*==\d+==ABORTING\s*$/,
    examples: ['==5354==ABORTING'],
  },
  summary: {
    re: /^\s*SUMMARY: (?:HW)?AddressSanitizer: (?<type>[\w-]+)/,
    examples: ['SUMMARY: AddressSanitizer: SEGV /build/kvstore/cpp/replica_io.cc:44 in kv::body_checksum(kv::rpc_header const*)'],
  },
  access: {
    re: /^\s*(?<access>READ|WRITE) of size (?<size>\d+) at 0x[0-9a-fA-F]+ thread (?<thread>T\d+)/,
    examples: ['READ of size 8 at 0x60b0000000f0 thread T7 (replica.apply)'],
  },
  signalAccess: {
    re: /The signal is caused by a (?<access>READ|WRITE|UNKNOWN) memory access/,
    examples: ['==5354==The signal is caused by a READ memory access.'],
  },
  hint: {
    re: /^\s*==\d+==Hint: (?<hint>.+?)\.?\s*$/,
    examples: ['==5354==Hint: address points to the zero page.'],
  },
  // Headers of the further stacks (who freed, who allocated, who created the thread).
  stackTitle: {
    re: /^\s*(?<title>freed by thread|previously allocated by thread|allocated by thread|Thread T\d+(?: \([^)]*\))? created by T\d+)/,
    examples: ['freed by thread T0 here:', 'previously allocated by thread T7 here:', 'Thread T7 (replica.apply) created by T0 here:'],
  },
  // Lines of a report besides the ones above: indented shadow bytes, locations, separators.
  reportLine: {
    re: /^(?:\s|==\d+==|#\d|0x[0-9a-fA-F]+ is located|Address 0x|Shadow byte|HINT: |This frame has|=+\s*$)|AddressSanitizer/,
    examples: ['0x60b0000000f0 is located 0 bytes inside of 100-byte region [0x60b0000000f0,0x60b000000154)', '  0x0c167fff8010: fa fa fa fa[fd]fd fd fd', '================================================================='],
  },
} satisfies PatternTable

const P = ASAN_PATTERNS
const MAX_FOREIGN_LINES = 20
/** Frames of a further stack kept in facts (e.g. freedBy). */
const SECONDARY_FRAMES = 3
const HEADLINE_ENDS = [' (pc ', ' at pc ', ' in thread T', ' (thread T']

type State = 'preamble' | 'report' | 'done'

class AsanParser implements TraceParser {
  private readonly event: TraceEvent
  private state: State = 'preamble'
  private foreign = 0
  /** Which stack the frames belong to: '' for the crashing one. */
  private stack = ''
  private secondary: string[] = []
  /** The SUMMARY line's type, which names the error when the ERROR line was lost. */
  private summaryType: string | null = null

  constructor(first: LogLine) {
    this.event = startEvent(asanFormat.id, 'cpp', first)
    if (!this.readErrorLine(first)) take(this.event, first, 'sanitizer caught a deadly signal')
  }

  push(line: LogLine): PushResult {
    if (this.state === 'done') return 'ended'
    const text = line.text
    if (P.errorLine.re.test(text)) return this.state === 'preamble' && this.readErrorLine(line) ? 'taken' : 'ended'
    if (P.otherReport.re.test(text)) return 'ended'
    if (!this.read(line, text)) {
      if (text.trim() === '') return 'skipped'
      return ++this.foreign > MAX_FOREIGN_LINES ? 'ended' : 'skipped'
    }
    this.foreign = 0
    take(this.event, line)
    return 'taken'
  }

  finish(): TraceEvent[] {
    if (this.state === 'preamble') return []
    this.flushSecondary()
    if (this.event.kinds.length === 0 && this.summaryType !== null) this.readSummaryType(this.summaryType)
    if (this.event.kinds.length === 0) addKind(this.event, 'abort')
    return [this.event]
  }

  private readErrorLine(line: LogLine): boolean {
    const g = P.errorLine.re.exec(line.text)?.groups
    if (!g) return false
    const e = this.event
    const error = classifyAsanError(g.what ?? '')
    for (const kind of error.kinds) addKind(e, kind)
    e.signal = error.signal
    e.faultAddress = error.address ? shortAddress(error.address) : null
    e.message = `AddressSanitizer: ${headline(g.what ?? '')}`
    e.pid = g.pid ? Number(g.pid) : null
    e.facts.asanError = error.type
    if (error.allocBytes !== null) e.facts.allocBytes = error.allocBytes
    this.state = 'report'
    take(e, line, 'AddressSanitizer report')
    return true
  }

  private read(line: LogLine, text: string): boolean {
    const frame = readSanitizerFrame(text)
    if (frame) {
      this.addFrame(frame.index, frame.frame.function)
      if (this.stack === '') addFrame(this.event, frame.frame)
      return true
    }
    if (P.aborting.re.test(text)) {
      this.state = 'done'
      this.event.facts.aborting = true
      return true
    }
    return this.readDetail(line, text) || P.reportLine.re.test(text)
  }

  private readSummaryType(type: string): void {
    const e = this.event
    const error = classifyAsanSummary(type)
    for (const kind of error.kinds) addKind(e, kind)
    e.signal = error.signal
    e.message = `AddressSanitizer: ${type}`
    e.facts.kindFromSummary = true
  }

  private readDetail(line: LogLine, text: string): boolean {
    const {event: e} = this
    const title = P.stackTitle.re.exec(text)?.groups?.title
    if (title) return this.startStack(title)
    const summary = P.summary.re.exec(text)?.groups
    if (summary) {
      e.facts.asanError = summary.type ?? String(e.facts.asanError)
      this.summaryType = summary.type ?? null
      take(e, line, 'sanitizer summary')
      return true
    }
    const access = P.access.re.exec(text)?.groups ?? P.signalAccess.re.exec(text)?.groups
    if (access) {
      e.facts.access = access.access ?? ''
      if (access.size) e.facts.accessSize = Number(access.size)
      if (access.thread) e.facts.thread = access.thread
      return true
    }
    const hint = P.hint.re.exec(text)?.groups?.hint
    if (hint) e.facts.hint = hint
    return hint !== undefined
  }

  private addFrame(index: number, fn: string): void {
    // A #0 after frames starts an unlabelled further stack.
    if (index === 0 && this.event.frames.length > 0 && this.stack === '') this.startStack('other')
    if (this.stack !== '' && this.secondary.length < SECONDARY_FRAMES) this.secondary.push(fn)
  }

  private startStack(title: string): true {
    this.flushSecondary()
    this.stack = title.startsWith('freed') ? 'freedBy' : title.includes('allocated') ? 'allocatedBy' : title.startsWith('Thread') ? 'threadCreatedBy' : 'otherStack'
    return true
  }

  private flushSecondary(): void {
    if (this.stack !== '' && this.secondary.length > 0 && !(this.stack in this.event.facts)) this.event.facts[this.stack] = this.secondary.join(' < ')
    this.secondary = []
  }
}

/** The headline without its registers and thread suffix. */
function headline(what: string): string {
  let end = what.length
  for (const marker of HEADLINE_ENDS) {
    const at = what.indexOf(marker)
    if (at >= 0 && at < end) end = at
  }
  const cut = what.slice(0, end).trim()
  return cut.endsWith(':') ? cut.slice(0, -1) : cut
}

export const asanFormat: TraceFormat = {
  id: 'asan',
  runtime: 'cpp',
  stage: 'dump',
  triggers: ['AddressSanitizer'],
  patterns: ASAN_PATTERNS,
  detect: (line) => P.errorLine.re.test(line.text) || P.deadlySignal.re.test(line.text),
  parse: (first) => new AsanParser(first),
}
