// Go stacks without a runtime header: a recovered panic logged with debug.Stack(), a structured
// record's stack field, log.Fatal/glog Fatalf followed by a dump, a headless pasted fragment, and
// the 'file:line' caller lists crash handlers print. Ordered last: it is the least specific format.
import type {LogLine, TraceEvent} from '../model.js'
import {addKinds, applyDump, DUMP_EVIDENCE, startGoEvent, take} from './go-event.js'
import {GoroutineDump} from './go-goroutines.js'
import {GO_HEADER_PATTERNS, readGoHeader} from './go-headers.js'
import {classifyGoLine, GO_LINE_PATTERNS, isPanicFile, type GoLine} from './go-lines.js'
import {kindsOfThrow} from './go-throw-kinds.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const GO_STACK_PATTERNS = {
  ...GO_LINE_PATTERNS,
  nilDereference: GO_HEADER_PATTERNS.nilDereference,
  panicMention: {
    re: /panic/i,
    examples: ['recovered from panic in handler, continuing: runtime error: index out of range [2] with length 0', '["connection running loop panic"] [conn=1]'],
  },
  fatalLevelField: {
    // Structured loggers' own fatal levels (zap, logrus, logfmt): the process exits after the record.
    re: /(?:"level"\s*:\s*"|\blevel=)(?:fatal|panic|dpanic)\b/i,
    examples: ['{"level":"fatal","ts":1.5,"msg":"cannot open wal"}', 'level=fatal msg="raft log corrupted"'],
  },
  errorField: {
    re: /\b(?:err|error)="(?<value>(?:[^"\\]|\\.)*)"/,
    examples: ['[err="interface conversion: interface {} is nil, not terror.ErrClass"]'],
  },
  valueAfterPanic: {
    // 'recovered from panic in handler, continuing: <value>': what the panic said.
    re: /panic[^:]{0,80}: (?<value>\S.*)$/i,
    examples: ['recovered from panic in handler, continuing: runtime error: index out of range [2] with length 0'],
  },
} as const satisfies PatternTable

const P = GO_STACK_PATTERNS
/** Levels after which the process exits (log.Fatal, glog Fatalf, zap Fatal/Panic). */
const FATAL_LEVELS = new Set(['F', 'FATAL', 'FATA', 'PANIC', 'DPANIC', 'CRIT', 'CRITICAL', 'EMERG'])
/** Unrelated lines tolerated inside a stack before it is over. */
const MAX_FOREIGN_LINES = 3
/** Lines between a log line that mentions a panic and the stack it introduces. */
const MAX_LINES_BEFORE_STACK = 2
const MAX_MESSAGE_CHARS = 300

interface Lead {
  fatal: boolean
  message: string
}

function isFatalLine(line: LogLine): boolean {
  return (line.level !== null && FATAL_LEVELS.has(line.level)) || P.fatalLevelField.re.test(line.text)
}

/** A log line that may introduce a stack: it mentions a panic or is a fatal log record. */
function readLead(line: LogLine): Lead | null {
  if (readGoHeader(line) !== null) return null
  const fatal = isFatalLine(line)
  if (!fatal && !P.panicMention.re.test(line.text)) return null
  const value = P.errorField.re.exec(line.text)?.groups?.value ?? P.valueAfterPanic.re.exec(line.text)?.groups?.value
  return {fatal, message: (value ?? line.text).trim().slice(0, MAX_MESSAGE_CHARS)}
}

/** A line a headless stack can start on: a function with its argument list, or a panic caller line. */
function startsHeadless(go: GoLine): boolean {
  if (go.type === 'function') return go.closed
  return go.type === 'file' && isPanicFile(go.file)
}

class GoStackParser implements TraceParser {
  private readonly event: TraceEvent
  private readonly dump = new GoroutineDump()
  private readonly lead: Lead | null
  private waiting = 0
  private foreign = 0
  /** Every stack line came from a record's stack field (see LogLine.fromField). */
  private allFromField = true
  private stackLines = 0

  constructor(private readonly first: LogLine) {
    this.event = startGoEvent(goStackFormat.id, first)
    const go = classifyGoLine(first.text)
    this.lead = go.type === 'other' ? readLead(first) : null
    if (this.lead) take(this.event, first, this.lead.fatal ? 'fatal log record before the stack' : 'log line reporting the panic')
    else this.readStackLine(first, go)
  }

  push(line: LogLine): PushResult {
    const go = classifyGoLine(line.text)
    if (go.type !== 'other' && go.type !== 'blank' && this.readStackLine(line, go)) return 'taken'
    if (go.type === 'blank') return this.stackLines === 0 && ++this.waiting > MAX_LINES_BEFORE_STACK ? 'ended' : 'taken'
    if (this.stackLines <= 1 || readGoHeader(line) !== null || readLead(line) !== null) return 'ended'
    return ++this.foreign > MAX_FOREIGN_LINES ? 'ended' : 'skipped'
  }

  finish(): TraceEvent[] {
    const e = this.event
    const d = this.dump
    d.end()
    const unannounced = this.lead === null && !this.allFromField && !d.hasDebugStack
    // A paste that lost the runtime's header: frames alone, or a dump led by the running goroutine.
    const headless = unannounced && (d.sawHeader ? d.firstState === 'running' && d.frames.length >= 1 : d.frames.length >= 2)
    if (d.frames.length === 0 && !d.hasPanicFrame) return []
    if (!this.lead?.fatal && !d.hasPanicFrame && !headless) return []
    e.message = this.lead?.message ?? null
    // A throw whose `fatal error:` line was lost: the function that threw may still say what it was.
    const thrown = this.lead === null ? kindsOfThrow(d.frames) : null
    addKinds(e, thrown ?? ['panic'])
    if (thrown) e.facts.kindFromThrowCaller = true
    if (P.nilDereference.re.test(e.message ?? '')) {
      addKinds(e, ['sigsegv'])
      e.signal = 'SIGSEGV'
    }
    // Printed by the program itself while it lives on: debug.Stack(), a log record, a structured field.
    e.recovered = !this.lead?.fatal && d.hasPanicFrame && (d.hasDebugStack || this.lead !== null || this.allFromField)
    e.terminal = !e.recovered
    applyDump(e, d)
    if (headless) e.facts.headless = true
    return [e]
  }

  private readStackLine(line: LogLine, go: GoLine): boolean {
    if (this.stackLines === 0 && this.lead === null && go.type !== 'goroutine' && !startsHeadless(go)) return false
    const role = this.dump.read(go)
    if (role === null) return false
    this.stackLines++
    this.foreign = 0
    this.allFromField &&= line.fromField === true
    take(this.event, line, role === 'line' ? undefined : DUMP_EVIDENCE[role])
    return true
  }
}

function detect(line: LogLine): boolean {
  // The engine only asks about lines holding a trigger; keep detect to the same promise.
  if (!goStackFormat.triggers.some((t) => line.raw.includes(t) || line.text.includes(t))) return false
  const go = classifyGoLine(line.text)
  if (go.type === 'goroutine' || startsHeadless(go)) return true
  return go.type === 'other' && readLead(line) !== null
}

/** Where most Go packages live: a pkg/errors stack line names one and has no argument list. */
const GO_MODULE_HOSTS = ['github.com/', 'golang.org/', 'google.golang.org/', 'go.etcd.io/', 'go.uber.org/', 'gopkg.in/', 'k8s.io/']
const GLOG_FATAL_TRIGGERS = ['F01', 'F02', 'F03', 'F04', 'F05', 'F06', 'F07', 'F08', 'F09', 'F10', 'F11', 'F12', 'F20']

export const goStackFormat: TraceFormat = {
  id: 'go-stack',
  runtime: 'go',
  stage: 'dump',
  triggers: [
    'goroutine ',
    'panic', 'Panic', 'PANIC', 'fatal', 'Fatal', 'FATAL', ...GLOG_FATAL_TRIGGERS,
    '(0x', '({', '(...)', 'runtime/panic.go:', ...GO_MODULE_HOSTS,
  ],
  patterns: P,
  detect,
  parse: (first) => new GoStackParser(first),
}
