// JVM deaths in service logs (HDFS, HBase, Kafka, ZooKeeper, Alluxio...): an uncaught exception,
// the JVM's own OutOfMemoryError last words, or a FATAL/ERROR record saying the service goes down
// followed by the exception it dies of. A stack logged by a service that lives on is no death.
import type {CrashKind, Evidence, LogLine, TraceEvent} from '../model.js'
import {addFrame, addKinds, newEvent, take} from './event.js'
import {JAVA_HEADER_PATTERNS, JAVA_TRIGGERS, readDeathHeader, type DeathHeader} from './java-exception-headers.js'
import {JAVA_STACK_PATTERNS, JavaStack, readExceptionLine} from './java-exception-stack.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const JAVA_EXCEPTION_PATTERNS = {
  ...JAVA_HEADER_PATTERNS,
  ...JAVA_STACK_PATTERNS,
  // Netty's OutOfDirectMemoryError is an OutOfMemoryError too.
  outOfMemoryError: {re: /(?:^|\.)OutOf\w*MemoryError$/, examples: ['java.lang.OutOfMemoryError', 'io.netty.util.internal.OutOfDirectMemoryError']},
  stackOverflowError: {re: /(?:^|\.)StackOverflowError$/, examples: ['java.lang.StackOverflowError']},
} as const satisfies PatternTable

const P = JAVA_EXCEPTION_PATTERNS
/**
 * How far after a death other deaths are the same JVM's (more threads dying, the main thread's exit),
 * as incidents merge: lines that are no part of a death, and time since the last line that was.
 */
const MAX_AFTER_LINES = 60
const MAX_AFTER_MS = 30_000
/** Frame names kept of the causes and of the later deaths, for rules. */
const MAX_OTHER_FRAMES = 100
/** Ways to die that a JVM has once: a second one is a new life. */
const ONCE_PER_JVM: ReadonlySet<DeathHeader['style']> = new Set(['jvmExit', 'onOutOfMemory'])

interface Death {
  header: DeathHeader
  first: LogLine
  last: LogLine
  stack: JavaStack | null
  /** A record counts once the exception it dies of follows; an OnOutOfMemoryError line once its command does. */
  confirmed: boolean
  evidence: Evidence[]
  command: string | null
  pid: number | null
}

/** What each line after a death's header is expected to be. */
type State = 'exception' | 'stack' | 'command' | 'after'

const isOutOfMemory = (cls: string): boolean => P.outOfMemoryError.re.test(cls)

class JavaExceptionParser implements TraceParser {
  private readonly deaths: Death[] = []
  private state: State = 'after'
  private foreign = 0
  private lastTime: number | null = null

  constructor(first: LogLine, header: DeathHeader) {
    this.taken(this.begin(first, header), first)
  }

  push(line: LogLine): PushResult {
    if (this.lastTime !== null && line.time !== null && line.time - this.lastTime > MAX_AFTER_MS) return 'ended'
    const header = readDeathHeader(line)
    if (header) return this.isNewLife(header) ? 'ended' : this.taken(this.begin(line, header), line)
    const death = this.deaths.at(-1)
    if (death && this.readPart(death, line)) return this.taken(death, line)
    if (line.text.trim() === '') return 'skipped'
    if (P.lifeStart.re.test(line.text)) return 'ended'
    this.state = 'after'
    return ++this.foreign > MAX_AFTER_LINES ? 'ended' : 'skipped'
  }

  finish(): TraceEvent[] {
    const deaths = this.deaths.filter((d) => d.confirmed)
    const [main, ...later] = deaths
    if (!main) return []
    const event = newEvent(javaExceptionFormat.id, main.first, 'java')
    describeMainDeath(event, main)
    const evidence = [...deaths.flatMap((d) => d.evidence), ...stackEvidence(main.stack)].sort((a, b) => a.line.lineNo - b.line.lineNo)
    for (const {line, why} of evidence) take(event, line, why)
    for (const death of deaths) {
      take(event, death.last)
      addKinds(event, kindsOf(death))
      event.pid ??= death.pid
    }
    const others = [...later.flatMap((d) => d.stack?.frames.map((f) => f.function) ?? []), ...deaths.flatMap((d) => d.stack?.causeFrames ?? [])]
    if (others.length > 0) event.otherFrames = others.slice(0, MAX_OTHER_FRAMES)
    if (deaths.length > 1) event.facts.deaths = deaths.length
    return [event]
  }

  /** One thread dies once and the JVM exits once: seeing either again means the process was started anew. */
  private isNewLife(header: DeathHeader): boolean {
    return this.deaths.some((d) => d.confirmed && ((header.thread !== null && d.header.thread === header.thread) || (ONCE_PER_JVM.has(header.style) && d.header.style === header.style)))
  }

  private taken(death: Death, line: LogLine): 'taken' {
    death.last = line
    this.foreign = 0
    this.lastTime = line.time ?? this.lastTime
    return 'taken'
  }

  private begin(line: LogLine, header: DeathHeader): Death {
    const death: Death = {header, first: line, last: line, stack: null, confirmed: false, evidence: [{line, why: header.why}], command: null, pid: null}
    this.deaths.push(death)
    if (header.style === 'onOutOfMemory') this.state = 'command'
    else if (header.className === null) this.state = 'exception'
    else this.confirm(death, header.style === 'uncaught' ? new JavaStack(line, {className: header.className, message: header.message}) : null)
    return death
  }

  private confirm(death: Death, stack: JavaStack | null): void {
    death.confirmed = true
    death.stack = stack
    this.state = stack ? 'stack' : 'after'
  }

  private readPart(death: Death, line: LogLine): boolean {
    if (this.state === 'stack') return death.stack?.read(line) ?? false
    if (this.state === 'exception') {
      const thrown = readExceptionLine(line)
      if (thrown) {
        this.confirm(death, new JavaStack(line, thrown))
        death.evidence.push({line, why: 'the exception it dies of'})
      }
      return thrown !== null
    }
    if (this.state === 'command') return this.readCommand(death, line)
    return false
  }

  private readCommand(death: Death, line: LogLine): boolean {
    const text = line.text.trim()
    const command = P.onOutOfMemoryCommand.re.exec(text)?.groups
    if (command) {
      death.command = command.cmd ?? ''
      death.confirmed = true
      death.evidence.push({line, why: 'the OnOutOfMemoryError command'})
      return true
    }
    const executing = P.onOutOfMemoryExecuting.re.exec(text)?.groups
    if (!executing) return false
    const pid = P.killedPid.re.exec(executing.cmd ?? '')?.groups?.pid
    if (pid) death.pid = Number(pid)
    return true
  }
}

/** OutOfMemoryError anywhere in the chain is an OOM; an outermost exception that is not one is a panic. */
function kindsOf(death: Death): CrashKind[] {
  const classes = death.stack?.chain.map((e) => e.className) ?? [death.header.className ?? '']
  const kinds: CrashKind[] = []
  if (classes.some(isOutOfMemory)) kinds.push('oom')
  if (!isOutOfMemory(classes[0] ?? '')) kinds.push('panic')
  return kinds
}

/** The first death's exception, frames and facts are the crash's. */
function describeMainDeath(event: TraceEvent, death: Death): void {
  const {header, stack} = death
  const chain = stack?.chain ?? [{className: header.className ?? '', message: header.message}]
  const outermost = chain[0]!
  const root = chain[chain.length - 1]!
  event.message = outermost.message ? `${outermost.className}: ${outermost.message}` : outermost.className
  for (const frame of stack?.frames ?? []) addFrame(event, frame)
  if (stack?.framesDropped) event.facts.framesDropped = Number(event.facts.framesDropped ?? 0) + stack.framesDropped
  const facts = event.facts
  facts.exception = outermost.className
  facts.rootException = root.className
  if (root.message) facts.rootMessage = root.message
  if (chain.length > 1) facts.causes = chain.length - 1
  if (stack?.suppressed) facts.suppressed = stack.suppressed
  if (header.thread !== null) facts.thread = header.thread
  const oom = chain.find((e) => isOutOfMemory(e.className))
  if (oom?.message) facts.outOfMemory = oom.message
  if (chain.some((e) => P.stackOverflowError.re.test(e.className))) facts.stackOverflow = true
  if (header.oomAction) facts.oomAction = header.oomAction
  if (death.command !== null) facts.onOutOfMemoryCommand = death.command
  if (header.style === 'record') facts.deathRecord = death.first.text.trim().slice(0, 300)
}

/** The lines of a stack worth citing: where the crashing frames start, and the root cause. */
function stackEvidence(stack: JavaStack | null): Evidence[] {
  const evidence: Evidence[] = []
  if (stack?.firstFrameLine) evidence.push({line: stack.firstFrameLine, why: 'innermost frame'})
  if (stack?.rootLine) evidence.push({line: stack.rootLine, why: 'root cause'})
  return evidence
}

export const javaExceptionFormat: TraceFormat = {
  id: 'java-exception',
  runtime: 'java',
  // Its exception is what the JVM dies of: a -XX:+CrashOnOutOfMemoryError hs_err report after it is the same death's dump.
  stage: 'cause',
  triggers: JAVA_TRIGGERS,
  patterns: JAVA_EXCEPTION_PATTERNS,
  detect: (line) => readDeathHeader(line) !== null,
  parse: (first) => new JavaExceptionParser(first, readDeathHeader(first) ?? {style: 'record', thread: null, className: null, message: null, why: '', oomAction: null}),
}
