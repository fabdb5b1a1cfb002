// Redis's crash report: `=== REDIS BUG REPORT START`, `Redis 3.2.4 crashed by signal: 11`, `Accessing address:`,
// `------ STACK TRACE ------` with `EIP:` and `Backtrace:` frames `redis-server *:6379(func+0x45)[0x..]`.
import type {Frame, LogLine, TraceEvent} from '../model.js'
import {kindOfSignal, normaliseSignal} from './native-signals.js'
import {addFrame, addKinds, cite, newEvent, take} from './postmortem-event.js'
import {SYMBOL_FRAME_PATTERNS, parseSymbolFrame} from './postmortem-symbols.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

/** The report holds INFO/CLIENT LIST/register sections; past this many lines it has surely ended. */
const MAX_REPORT_LINES = 1500

export const REDIS_PATTERNS = {
  start: {re: /=== REDIS BUG REPORT START/, examples: ['=== REDIS BUG REPORT START: Cut & paste starting from here ===']},
  end: {re: /=== REDIS BUG REPORT END/, examples: ['=== REDIS BUG REPORT END. Make sure to include from START to END. ===']},
  crashed: {re: /Redis (?<version>\d[\w.-]{0,40}) crashed by signal: (?<num>\d{1,2})/, examples: ['25513:M 29 Nov 12:01:16.879 # Redis 3.2.10 crashed by signal: 11', 'Redis 7.0.11 crashed by signal: 11, si_code: 1']},
  assertion: {re: /=== ASSERTION FAILED ===/, examples: ['22:M 25 May 00:50:27.791 # === ASSERTION FAILED ===']},
  assertionText: {re: /==> (?<what>\S+:\d+ '[^']*' is not true)/, examples: ["==> t_stream.c:1234 'lp != NULL' is not true"]},
  accessing: {re: /Accessing address: (?<addr>0x[0-9a-fA-F]+|\(nil\))/, examples: ['Accessing address: 0x7fffb6469000', 'Accessing address: (nil)']},
  // Each line of the report may carry Redis's own log prefix `pid:role date time level `.
  logPrefix: {re: /^\d+:[XCSM] \d{1,2} [A-Z][a-z]{2}(?: \d{4})? \d\d:\d\d:\d\d\.\d{3} (?<level>[.\-*#]) /, examples: ['22:M 25 May 00:50:27.791 # Redis 3.2.4 crashed by signal: 11']},
  relayedLogPrefix: {re: /(?<pid>\d{1,10}):[XCSM] \d{1,2} [A-Z][a-z]{2} /, examples: ['redis-server 22:M 25 May 00:50:27.791 # === REDIS BUG REPORT START']},
  section: {re: /^------ (?<name>[A-Z ]+?) ------$/, examples: ['------ STACK TRACE ------', '------ INFO OUTPUT ------']},
  // Where the frames of the crash start: `Backtrace:` (Redis < 7) or the first thread header (`27066 redis-server *`).
  backtrace: {re: /^Backtrace:$|^\d+ [\w-]+(?: \*)?$/, examples: ['Backtrace:', '27066 redis-server *']},
  banner: {re: /Redis is starting|Server initialized|Redis version=/, examples: ['1:C 25 May 00:51:02.111 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo']},
} as const satisfies PatternTable

class RedisParser implements TraceParser {
  private readonly event: TraceEvent
  /** What a relay put before the report on every line (supervisord's `redis-server `). */
  private readonly relay: string
  private lines = 0
  private done = false
  private part: 'header' | 'stack' | 'eip' | 'backtrace' | 'other' = 'header'
  private eip: Frame | null = null
  private readonly backtrace: Frame[] = []

  constructor(first: LogLine) {
    this.event = newEvent(redisBugReportFormat.id, first, 'c')
    const lead = first.text.slice(0, Math.max(first.text.search(REDIS_PATTERNS.start.re), 0))
    const ownPrefix = lead.search(REDIS_PATTERNS.relayedLogPrefix.re)
    this.relay = ownPrefix >= 0 ? lead.slice(0, ownPrefix) : lead
    this.consume(first, first.text)
  }

  push(line: LogLine): PushResult {
    const text = this.relay && line.text.startsWith(this.relay) ? line.text.slice(this.relay.length) : line.text
    const level = REDIS_PATTERNS.logPrefix.re.exec(text)?.groups?.level
    const body = text.replace(REDIS_PATTERNS.logPrefix.re, '').trim()
    // The report logs at warning level (`#`); a notice/verbose line means Redis is logging normally again.
    if (this.done || ++this.lines > MAX_REPORT_LINES || (level && level !== '#')) return 'ended'
    if (REDIS_PATTERNS.start.re.test(body) || REDIS_PATTERNS.banner.re.test(body)) return 'ended'
    if (REDIS_PATTERNS.crashed.re.test(body) && this.event.signal) return 'ended'
    this.consume(line, body)
    take(this.event, line)
    return 'taken'
  }

  private consume(line: LogLine, body: string): void {
    const p = REDIS_PATTERNS
    const crashed = p.crashed.re.exec(body)?.groups
    if (crashed) {
      const pid = p.relayedLogPrefix.re.exec(line.text)?.groups?.pid
      if (pid) this.event.pid = Number(pid)
      this.event.signal = normaliseSignal(crashed.num ?? '')
      addKinds(this.event, [this.event.signal ? kindOfSignal(this.event.signal) : null])
      this.event.facts.version = crashed.version ?? ''
      this.event.message = body.slice(body.indexOf('Redis '))
      cite(this.event, line, 'Redis crashed by a signal')
    }
    const assertion = p.assertionText.re.exec(body)?.groups
    if (p.assertion.re.test(body) || assertion) {
      addKinds(this.event, ['abort'])
      if (assertion) this.event.message = assertion.what ?? null
      cite(this.event, line, 'Redis assertion failed')
    }
    const addr = p.accessing.re.exec(body)?.groups?.addr
    if (addr) this.event.faultAddress = addr === '(nil)' ? '0x0' : addr
    if (p.end.re.test(body)) this.done = true
    this.stack(body)
  }

  /** EIP frame, then the crashing thread's backtrace (first block only). */
  private stack(body: string): void {
    const section = REDIS_PATTERNS.section.re.exec(body)?.groups?.name
    if (section) this.part = section === 'STACK TRACE' ? 'stack' : 'other'
    else if (this.part === 'stack' && body === 'EIP:') this.part = 'eip'
    else if ((this.part === 'stack' || this.part === 'eip') && REDIS_PATTERNS.backtrace.re.test(body)) this.part = 'backtrace'
    else if (this.part === 'backtrace' && body === '' && this.backtrace.length > 0) this.part = 'other'
    const frame = this.part === 'eip' || this.part === 'backtrace' ? parseSymbolFrame(body) : null
    if (frame && this.part === 'eip') this.eip ??= frame
    else if (frame) this.backtrace.push(frame)
  }

  finish(): TraceEvent[] {
    for (const frame of this.backtrace.length > 0 ? this.backtrace : this.eip ? [this.eip] : []) addFrame(this.event, frame)
    return this.event.kinds.length > 0 ? [this.event] : []
  }
}

export const redisBugReportFormat: TraceFormat = {
  id: 'redis-bug-report',
  runtime: 'c',
  stage: 'dump',
  triggers: ['REDIS BUG REPORT START', 'crashed by signal: ', 'ASSERTION FAILED'],
  patterns: {...REDIS_PATTERNS, ...SYMBOL_FRAME_PATTERNS},
  detect: (line) => REDIS_PATTERNS.start.re.test(line.text) || REDIS_PATTERNS.crashed.re.test(line.text) || REDIS_PATTERNS.assertion.re.test(line.text),
  parse: (first) => new RedisParser(first),
}
