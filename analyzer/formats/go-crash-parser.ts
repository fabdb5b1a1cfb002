// The parser behind go-panic and go-traceback: runtime header lines, then the goroutine dump.
import type {CrashKind, LogLine, TraceEvent} from '../model.js'
import {addKinds, applyDump, DUMP_EVIDENCE, shortAddress, startGoEvent, take} from './go-event.js'
import {GoroutineDump} from './go-goroutines.js'
import {GO_HEADER_PATTERNS, isRuntimeOutput, readGoHeader, SIGNAL_KINDS, type GoHeader} from './go-headers.js'
import {classifyGoLine} from './go-lines.js'
import type {PushResult, TraceParser} from './types.js'

/** Unrelated lines in a row (other threads' logs, a restart banner) after which the report is over. */
const MAX_FOREIGN_LINES = 5
/** Lines a multi-line panic value may take before the dump. */
const MAX_VALUE_LINES = 20

/** How much a header's text is worth as the event's message: a panic value beats a signal line. */
const MESSAGE_RANK: Record<GoHeader['type'], number> = {panic: 5, fatal: 4, signalHeader: 3, signal: 2, resource: 1, faultAddress: 0, pc: 0}

type HeaderReader<T extends GoHeader['type']> = (p: GoCrashParser, h: Extract<GoHeader, {type: T}>) => string
type HeaderReaders = {[T in GoHeader['type']]: HeaderReader<T>}

// Each header says what it shows and why it is evidence.
const HEADER_READERS: HeaderReaders = {
  panic: (p, h) => {
    const nested = p.panicValues.length > 0
    p.panicValues.push(h.value)
    if (h.recovered) p.event.facts.repanicked = true
    p.setMessage('panic', h.value)
    p.headerKinds.add('panic')
    return nested ? 'panic raised while recovering' : 'panic value'
  },
  fatal: (p, h) => {
    p.setMessage('fatal', h.message)
    if (h.kinds === null) p.signalDecides = true
    else for (const k of h.kinds) p.headerKinds.add(k)
    return 'runtime fatal error'
  },
  signal: (p, h) => {
    p.sawSignalLine = true
    p.setSignal(h.signal, h.faultAddress)
    p.setMessage('signal', `${h.signal}: ${h.detail}`)
    if (h.code !== null) p.event.facts.signalCode = h.code
    return 'signal and fault address'
  },
  signalHeader: (p, h) => {
    p.setSignal(h.signal, null)
    p.setMessage('signalHeader', `${h.signal}: ${h.description}`)
    return 'signal outside Go code'
  },
  pc: (p, h) => {
    if (h.faultAddress !== null) p.event.faultAddress = shortAddress(h.faultAddress)
    p.event.facts.pc = h.pc
    return 'program counter at the signal'
  },
  resource: (p, h) => {
    p.setMessage('resource', h.text)
    for (const k of h.kinds) p.headerKinds.add(k)
    if (h.allocBytes !== null) p.event.facts.allocBytes = h.allocBytes
    return 'allocation the runtime could not satisfy'
  },
  faultAddress: (p, h) => {
    p.event.faultAddress = shortAddress(h.address)
    p.setMessage('faultAddress', `unexpected fault address ${h.address}`)
    return 'fault address'
  },
}

/** A top frame where a signal is a runtime throw, not a panic: the runtime itself, cgo, C code. */
const GO_NATIVE_TOP = /^(?:runtime\.|_cgo_|_Cfunc_|[^./]+$)|\._Cfunc_/

export class GoCrashParser implements TraceParser {
  readonly event: TraceEvent
  readonly headerKinds = new Set<CrashKind>()
  readonly panicValues: string[] = []
  signalDecides = false
  sawSignalLine = false
  private readonly dump = new GoroutineDump()
  private phase: 'header' | 'stack' = 'header'
  private messageRank = -1
  private valueLines = 0
  private headerLastLine: number
  private valueOpen = false
  private foreign = 0

  constructor(format: string, private readonly first: LogLine) {
    this.event = startGoEvent(format, first)
    this.headerLastLine = first.lineNo
    const header = readGoHeader(first)
    if (header) this.readHeader(first, header)
  }

  push(line: LogLine): PushResult {
    const header = readGoHeader(line)
    if (header) return this.onHeader(line, header)
    const go = classifyGoLine(line.text)
    if (go.type === 'blank') {
      this.valueOpen = false
      return 'taken'
    }
    const role = this.dump.read(go)
    if (role !== null) {
      if (go.type !== 'note') this.phase = 'stack'
      this.headerLastLine = line.lineNo
      this.valueOpen = false
      this.foreign = 0
      take(this.event, line, role === 'line' ? undefined : DUMP_EVIDENCE[role])
      return 'taken'
    }
    if (this.isValueLine(line)) {
      this.valueLines++
      take(this.event, line)
      return 'taken'
    }
    return ++this.foreign > MAX_FOREIGN_LINES ? 'ended' : 'skipped'
  }

  finish(): TraceEvent[] {
    const e = this.event
    this.settleKinds()
    if (e.kinds.length === 0) return []
    // A lone panic line that a logger wrote (it has a level) quotes a panic; the runtime's own has a stack.
    if (this.phase === 'header' && this.first.level !== null && e.signal === null && !e.kinds.includes('oom')) return []
    if (this.panicValues.length > 1) e.facts.finalPanic = this.panicValues.at(-1) ?? ''
    // Value lines only count when a dump followed them; otherwise they were someone else's output.
    if (this.phase === 'header') e.lastLine = this.headerLastLine
    else if (this.valueLines > 0) e.facts.panicValueLines = this.valueLines + 1
    applyDump(e, this.dump)
    if (this.panicLostItsLine()) {
      addKinds(e, ['panic'])
      e.facts.panicFromSignal = true
    }
    return [e]
  }

  /**
   * `[signal SIGSEGV ...]` whose `panic:` line was lost: a fault in Go code (the running goroutine's
   * top frame is neither the runtime nor cgo, no `runtime stack:`) is one the runtime turns into a panic.
   */
  private panicLostItsLine(): boolean {
    const e = this.event
    if (this.headerKinds.size > 0 || this.signalDecides || !this.sawSignalLine) return false
    if (e.signal !== 'SIGSEGV' && e.signal !== 'SIGBUS') return false
    const d = this.dump
    const top = e.frames[0]?.function ?? ''
    return d.firstState === 'running' && !d.sawRuntimeStack && !d.cgo && top !== '' && !GO_NATIVE_TOP.test(top)
  }

  /** Header kinds, then the signal's; a throw by signal or a nil dereference whose signal line was cut is a SIGSEGV. */
  private settleKinds(): void {
    const e = this.event
    addKinds(e, [...this.headerKinds])
    const nilDereference = this.headerKinds.has('panic') && GO_HEADER_PATTERNS.nilDereference.re.test(e.message ?? '')
    if (e.signal === null && (this.signalDecides || nilDereference)) e.signal = 'SIGSEGV'
    if (e.signal !== null) addKinds(e, [SIGNAL_KINDS[e.signal] ?? null])
  }

  setMessage(from: GoHeader['type'], text: string): void {
    if (MESSAGE_RANK[from] <= this.messageRank) return
    this.messageRank = MESSAGE_RANK[from]
    this.event.message = text
  }

  setSignal(signal: string, faultAddress: string | null): void {
    this.event.signal = signal
    if (faultAddress !== null) this.event.faultAddress = shortAddress(faultAddress)
  }

  private readHeader(line: LogLine, header: GoHeader): void {
    const why = (HEADER_READERS[header.type] as HeaderReader<GoHeader['type']>)(this, header as never)
    take(this.event, line, why)
    this.headerLastLine = line.lineNo
    this.valueOpen = header.type === 'panic'
  }

  /** A header inside the report belongs to it; once the dump began, only GOTRACEBACK=crash's abort does. */
  private onHeader(line: LogLine, header: GoHeader): PushResult {
    this.foreign = 0
    if (this.phase === 'header') {
      this.readHeader(line, header)
      return 'taken'
    }
    // GOTRACEBACK=crash re-raises SIGABRT after the dump to leave a core: still this crash, no new kind.
    if (header.type === 'pc' || (header.type === 'signalHeader' && header.signal === 'SIGABRT')) {
      this.event.facts.abortAfterDump = true
      take(this.event, line, header.type === 'pc' ? undefined : 'core dump requested after the report')
      return 'taken'
    }
    return 'ended'
  }

  /** A further line of a multi-line panic value: raw runtime output right after the value. */
  private isValueLine(line: LogLine): boolean {
    if (!this.valueOpen || this.valueLines >= MAX_VALUE_LINES) return false
    return isRuntimeOutput(line) && (line.time === null) === (this.first.time === null)
  }
}
