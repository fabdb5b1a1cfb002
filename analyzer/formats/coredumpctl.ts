// systemd-coredump records: `coredumpctl info` (PID:, Signal:, Stack trace of thread N:) and journald's
// `systemd-coredump[1]: Process 6051 (scylla) of user 996 dumped core.`, plus systemd's `code=dumped` unit exit.
import type {LogLine, TraceEvent} from '../model.js'
import {kindOfSignal, normaliseSignal} from './native-signals.js'
import {addFrame, addKinds, cite, newEvent, take} from './postmortem-event.js'
import {FRAME_NAME_PATTERNS, runtimeOfFrames} from './postmortem-frames.js'
import {wordBefore} from './postmortem-kernel-lines.js'
import {NATIVE_FRAME_PATTERNS, nativeCrash} from './postmortem-kinds.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

/** Unrelated lines tolerated inside a record (journald interleaves other units' lines). */
const MAX_IDLE = 4

export const COREDUMPCTL_PATTERNS = {
  pid: {re: /^\s*PID: (?<pid>\d+) \((?<comm>[^)]*)\)$/, examples: ['           PID: 6051 (scylla)']},
  signal: {re: /^\s*Signal: (?<num>\d{1,2})(?: \((?<name>[A-Z0-9]+)\))?$/, examples: ['        Signal: 6 (ABRT)']},
  dumped: {
    re: /Process (?<pid>\d+) \((?<comm>[^)]{0,64})\) of user \d+ (?:dumped core|terminated abnormally)/,
    examples: ['systemd-coredump[1234]: Process 6051 (scylla) of user 996 dumped core.', '       Message: Process 6051 (scylla) of user 996 dumped core.'],
  },
  unitExit: {
    re: /: [Mm]ain process exited, code=(?:dumped|killed), status=(?<num>\d{1,2})\/(?<name>[A-Z0-9]+)/,
    examples: ['scylla-server.service: Main process exited, code=dumped, status=6/ABRT'],
  },
  stackHeader: {re: /^\s*Stack trace of thread (?<tid>\d+):$/, examples: ['                Stack trace of thread 6056:']},
  frame: {
    re: /^\s*#(?<n>\d{1,5})\s+(?<addr>0x[0-9a-fA-F]+) (?!in )(?<fn>.+) \((?<module>[^()]*)\)$/,
    examples: ['#0  0x00007f8524f2de75 raise (libc.so.6)', '#1  0x00007f8524f2de75 __pthread_kill_implementation (libc.so.6 + 0x8e3cc)'],
  },
  // A frame cut off before its module.
  frameCut: {re: /^\s*#(?<n>\d{1,5})\s+(?<addr>0x[0-9a-fA-F]+) (?!in )(?<fn>[^\s()]+)$/, examples: ['#3  0x0000000000b88700 _ZN8logalloc18allocating_section12with_reserveIZN30partition']},
  moduleOffset: {re: /^(?<module>\S+) \+ 0x[0-9a-fA-F]+$/, examples: ['libc.so.6 + 0x3e2e5']},
  field: {
    re: /^\s*(?<key>[A-Z][A-Za-z ]{1,24}): (?<value>\S.*)$/,
    examples: ['     Timestamp: Thu 2020-01-23 08:17:28 UTC (3h 34min ago)', '  Command Line: /usr/bin/scylla --smp 2'],
  },
  // elfutils/systemd notes around the stacks.
  notice: {
    re: /^\s*(?:Module \S+ (?:with build-id|from rpm|without build-id)|Found module |Metadata for module |ELF object binary architecture:|build-id: )/,
    examples: ['Module libc.so.6 with build-id 0c8b2e0c3e1f', 'ELF object binary architecture: AMD x86-64'],
  },
} as const satisfies PatternTable

const FIELD_FACTS: Readonly<Record<string, string>> = {
  Timestamp: 'timestamp',
  'Command Line': 'commandLine',
  Executable: 'executable',
  Hostname: 'hostname',
  Coredump: 'coredump',
  Storage: 'coredump',
  Unit: 'unit',
}

class CoredumpParser implements TraceParser {
  private readonly event: TraceEvent
  private threads = 0
  private idle = 0

  constructor(first: LogLine) {
    this.event = newEvent(coredumpctlFormat.id, first, null)
    this.consume(first, first.text.trim())
  }

  push(line: LogLine): PushResult {
    const text = line.text.trim()
    const result = this.consume(line, text)
    if (result === 'taken') this.idle = 0
    else if (result === 'skipped' && text !== '' && ++this.idle > MAX_IDLE) return 'ended'
    return result
  }

  private consume(line: LogLine, text: string): PushResult {
    const p = COREDUMPCTL_PATTERNS
    const frame = (p.frame.re.exec(text) ?? p.frameCut.re.exec(text))?.groups
    if (frame) return this.frame(line, frame)
    const stack = p.stackHeader.re.exec(text)?.groups
    if (stack) {
      if (++this.threads === 1) this.event.facts.crashThread = Number(stack.tid)
      return this.took(line)
    }
    const proc = (p.pid.re.exec(text) ?? p.dumped.re.exec(text))?.groups
    if (proc) {
      const pid = Number(proc.pid)
      if ((this.event.pid !== null && this.event.pid !== pid) || this.threads > 0) return 'ended'
      this.event.pid = pid
      this.event.facts.process = proc.comm ?? ''
      if (p.dumped.re.test(text)) this.event.message = text.slice(text.indexOf('Process '))
      cite(this.event, line, 'process that dumped core')
      return 'taken'
    }
    const signal = (p.signal.re.exec(text) ?? p.unitExit.re.exec(text))?.groups
    if (signal) {
      this.event.signal ??= normaliseSignal(signal.num ?? '') ?? normaliseSignal(signal.name ?? '')
      const unit = p.unitExit.re.exec(text)
      if (unit) this.event.facts.unit = wordBefore(text, unit.index)
      cite(this.event, line, 'signal that killed the process')
      return 'taken'
    }
    return this.field(line, text)
  }

  private frame(line: LogLine, g: Record<string, string | undefined>): PushResult {
    if (this.threads > 1) return this.took(line)
    const module = g.module ?? ''
    const fn = g.fn === 'n/a' ? '??' : (g.fn ?? '??')
    addFrame(this.event, {function: fn, module: COREDUMPCTL_PATTERNS.moduleOffset.re.exec(module)?.groups?.module ?? (module || null), address: g.addr ?? null})
    if (g.n === '0') cite(this.event, line, 'innermost frame of the crashing thread')
    return this.took(line)
  }

  private field(line: LogLine, text: string): PushResult {
    if (COREDUMPCTL_PATTERNS.notice.re.test(text)) return this.took(line)
    const field = this.threads === 0 ? COREDUMPCTL_PATTERNS.field.re.exec(text)?.groups : undefined
    if (!field) return 'skipped'
    const fact = FIELD_FACTS[field.key ?? '']
    if (fact) this.event.facts[fact] = field.value ?? ''
    return this.took(line)
  }

  private took(line: LogLine): PushResult {
    take(this.event, line)
    return 'taken'
  }

  finish(): TraceEvent[] {
    const event = this.event
    if (event.pid === null && event.signal === null && event.frames.length === 0) return []
    if (event.signal && !kindOfSignal(event.signal)) return []
    const verdict = nativeCrash({signal: event.signal, frames: event.frames, assumeCrash: true})
    addKinds(event, verdict.kinds)
    if (event.kinds.length === 0) addKinds(event, ['sigsegv'])
    event.signal = verdict.signal
    event.runtime = runtimeOfFrames(event.frames)
    if (verdict.inferred || !verdict.signal) event.facts.kindInferred = true
    if (this.threads > 1) event.facts.threads = this.threads
    event.message ??= `${event.facts.process ?? 'process'} dumped core${event.signal ? ` on ${event.signal}` : ''}`
    return [event]
  }
}

export const coredumpctlFormat: TraceFormat = {
  id: 'coredumpctl',
  runtime: null,
  stage: 'postmortem',
  triggers: ['PID: ', 'dumped core', 'terminated abnormally', 'Stack trace of thread ', 'code=dumped', 'code=killed'],
  patterns: {...COREDUMPCTL_PATTERNS, ...NATIVE_FRAME_PATTERNS, ...FRAME_NAME_PATTERNS},
  detect(line: LogLine): boolean {
    const text = line.text.trim()
    const p = COREDUMPCTL_PATTERNS
    if (p.unitExit.re.test(text)) return kindOfSignal(p.unitExit.re.exec(text)?.groups?.name ?? '') !== null
    return p.pid.re.test(text) || p.dumped.re.test(text) || p.stackHeader.re.test(text)
  },
  parse: (first) => new CoredumpParser(first),
}
