// mongod/mongos deaths in both log styles: a fatal signal (`Invalid access at address: 0x0`, `Got signal: 11
// (Segmentation fault).`), a failed fassert()/invariant(), terminate(), out of memory; then mongo's own backtrace
// (4.4+: a BACKTRACE record and/or one Frame record per frame; before: `----- BEGIN BACKTRACE -----` and symbol lines).
import type {Frame, LogLine, TraceEvent} from '../model.js'
import {addFrame, addKind, startEvent, take} from './cxx-event.js'
import {MONGODB_MESSAGE_PATTERNS, assertionFacts, errorText, namesDeath, readDeathClue, saysOutOfMemory, type DeathClue} from './mongodb-fatal-messages.js'
import {MONGODB_RECORD_PATTERNS, frameOfJson, framesOfBacktraceArray, isObject, readRecord, str, type MongoRecord} from './mongodb-fatal-records.js'
import {kindOfSignal} from './native-signals.js'
import {parseSymbolFrame} from './postmortem-symbols.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

/** Other threads' lines tolerated inside a death: the process lives on until its handler ends it. */
const MAX_FOREIGN_LINES = 20

export const MONGODB_FATAL_PATTERNS = {
  // A new life: the trace of the last one is over.
  starting: {re: /MongoDB starting\b|\*{5} SERVER RESTARTED \*{5}/, examples: ['I CONTROL  [initandlisten] MongoDB starting : pid=4242 port=27017', '***** SERVER RESTARTED *****']},
  backtraceBegin: {re: /^\s*-{5} BEGIN BACKTRACE -{5}\s*$/, examples: ['----- BEGIN BACKTRACE -----']},
  backtraceEnd: {re: /^\s*-{5}\s+END BACKTRACE\s+-{5}\s*$/, examples: ['-----  END BACKTRACE  -----']},
  addressList: {re: /^\s*0x[0-9a-fA-F]+(?:\s+0x[0-9a-fA-F]+)*\s*$/, examples: [' 0x55d3a1b2c3d4 0x55d3a1b2c3e5 0x7f3b2c1d0390']},
} as const satisfies PatternTable

const P = MONGODB_FATAL_PATTERNS
const FATAL_MESSAGE = 'Writing fatal message'

/** JSON records: any fatal one; text lines: one naming the death, or a fatal one out of memory; else the lone `***aborting` line. */
function startsDeath(text: string): boolean {
  const record = readRecord(text)
  if (!record) return MONGODB_MESSAGE_PATTERNS.aborting.re.test(text)
  if (namesDeath(record.msg)) return true
  return record.severity === 'F' && (record.json || saysOutOfMemory(record.msg))
}

class MongodbFatalParser implements TraceParser {
  private readonly event: TraceEvent
  private signal: string | null = null
  private invalidAccess = false
  private aborted = false
  private outOfMemory = false
  private foreign = 0
  private backtraces = 0
  private inTextBacktrace = false
  /** The first backtrace as its array, its Frame records and its symbol lines: the fullest wins. */
  private readonly frames = {array: [] as Frame[], records: [] as Frame[], symbols: [] as Frame[]}

  constructor(first: LogLine) {
    this.event = startEvent(mongodbFatalFormat.id, 'cpp', first)
    this.read(first)
  }

  push(line: LogLine): PushResult {
    if (P.starting.re.test(line.text)) return 'ended'
    if (this.read(line)) {
      this.foreign = 0
      return 'taken'
    }
    if (line.text.trim() === '') return 'skipped'
    return ++this.foreign > MAX_FOREIGN_LINES ? 'ended' : 'skipped'
  }

  finish(): TraceEvent[] {
    const e = this.event
    e.signal = this.signal ?? (this.invalidAccess ? 'SIGSEGV' : this.aborted ? 'SIGABRT' : null)
    if (this.outOfMemory) addKind(e, 'oom')
    if (this.aborted) addKind(e, 'abort')
    if (e.signal) addKind(e, kindOfSignal(e.signal))
    if (e.kinds.length === 0) return []
    const {array, records, symbols} = this.frames
    for (const frame of symbols.length > 0 ? symbols : records.length > array.length ? records : array) addFrame(e, frame)
    return [e]
  }

  private read(line: LogLine): boolean {
    const record = readRecord(line.text)
    const why = record ? this.readRecord(record, line.text) : this.readContinuation(line.text)
    if (why === null) return false
    take(this.event, line, why || undefined)
    return true
  }

  /** Why the record matters ('' when it only belongs), or null when it is not part of the death. */
  private readRecord(r: MongoRecord, text: string): string | null {
    if (r.msg === 'BACKTRACE') {
      if (this.startBacktrace()) this.frames.array = framesOfBacktraceArray(text)
      return 'backtrace'
    }
    if (r.msg === 'Frame') {
      if (this.backtraces === 1 && isObject(r.attr?.frame)) this.frames.records.push(frameOfJson(r.attr.frame))
      return ''
    }
    const message = (r.msg === FATAL_MESSAGE ? str(r.attr?.message) : null) ?? r.msg
    if (r.severity !== 'F' && !namesDeath(message)) return null
    this.describe(r, message)
    return this.readDeath(message) ?? 'fatal log record'
  }

  /** Unprefixed lines of a pre-4.4 fatal message: the backtrace, `***aborting after ...`, the exception's type. */
  private readContinuation(text: string): string | null {
    if (P.backtraceBegin.re.test(text)) {
      this.startBacktrace()
      this.inTextBacktrace = true
      return 'backtrace'
    }
    if (P.backtraceEnd.re.test(text)) {
      this.inTextBacktrace = false
      return ''
    }
    if (this.inTextBacktrace) return this.readTextFrame(text)
    if (P.addressList.re.test(text)) return ''
    return this.readDeath(text)
  }

  private readTextFrame(text: string): string | null {
    const first = this.backtraces === 1
    if (MONGODB_RECORD_PATTERNS.backtraceArray.re.test(text)) {
      if (first) this.frames.array = framesOfBacktraceArray(text)
      return ''
    }
    const frame = parseSymbolFrame(text)
    if (frame && first) this.frames.symbols.push(frame)
    return frame ? '' : null
  }

  /** Only the first backtrace's frames are kept (terminate() prints one, then the SIGABRT handler another). */
  private startBacktrace(): boolean {
    return ++this.backtraces === 1
  }

  /** Reads what a fatal message says of the death; the evidence's why, or null when it says nothing of it. */
  private readDeath(message: string): string | null {
    const clue = readDeathClue(message)
    if (clue === null) return null
    this.note(clue)
    this.event.message ??= message.trim().split('\n')[0]!.trim()
    return clue.why
  }

  private note(clue: DeathClue): void {
    if (clue.signal !== undefined) this.signal = clue.signal
    if (clue.faultAddress !== undefined) this.event.faultAddress = clue.faultAddress
    if (clue.exceptionType !== undefined) this.event.facts.exceptionType = clue.exceptionType
    this.invalidAccess ||= clue.invalidAccess ?? false
    this.aborted ||= clue.aborts ?? false
    this.outOfMemory ||= clue.outOfMemory ?? false
  }

  /** The first fatal message is the crash's; fassert() and invariant() also say where. */
  private describe(r: MongoRecord, message: string): void {
    const e = this.event
    const text = message.trim()
    if (r.ctx && e.facts.thread === undefined) e.facts.thread = r.ctx
    if (e.facts.assertFile === undefined) Object.assign(e.facts, assertionFacts(r.attr, text))
    const head = text.split('\n')[0]?.trim()
    if (e.message !== null || !head) return
    const id = r.attr?.msgid
    e.message = [typeof id === 'number' ? `${head} ${id}` : head, str(r.attr?.expr), errorText(r.attr?.error)].filter(Boolean).join(': ')
  }
}

export const mongodbFatalFormat: TraceFormat = {
  id: 'mongodb-fatal',
  runtime: 'cpp',
  stage: 'dump',
  triggers: ['"s":"F"', 'Got signal: ', 'Invalid access at address: ', 'Invalid operation at address: ', 'Fatal Assertion ', 'Fatal assertion', 'Invariant failure', '***aborting after ', 'terminate() called', 'out of memory', 'Out of memory'],
  patterns: {...MONGODB_RECORD_PATTERNS, ...MONGODB_MESSAGE_PATTERNS, ...MONGODB_FATAL_PATTERNS},
  detect: (line) => startsDeath(line.text),
  parse: (first) => new MongodbFatalParser(first),
}
