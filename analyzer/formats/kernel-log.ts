// Kernel log lines about a crashed process (dmesg `segfault at`, `traps:`), the OOM killer, and kernel oopses.
import type {LogLine, TraceEvent} from '../model.js'
import {kindOfSignal, normaliseSignal} from './native-signals.js'
import {addFrame, addKinds, cite, newEvent, take} from './postmortem-event.js'
import {KERNEL_LINE_PATTERNS, wordBefore} from './postmortem-kernel-lines.js'
import {KERNEL_OOM_PATTERNS, KernelOomParser, isOomStart} from './postmortem-kernel-oom.js'
import {KERNEL_OOPS_PATTERNS, KernelOopsParser, oopsKindOf} from './postmortem-kernel-oops.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const KERNEL_FAULT_PATTERNS = {
  segfault: {
    re: /\[(?<pid>\d+)\]: segfault at (?<addr>[0-9a-fA-F]+) ip (?<ip>[0-9a-fA-F]+) sp [0-9a-fA-F]+ error (?<err>\d+)/,
    examples: ['pegasus_server[4242]: segfault at 0 ip 00007f3a1c2b3d4e sp 00007ffd5e6f7a80 error 4 in librocksdb.so.8[7f3a1c000000+1200000]'],
  },
  trap: {
    re: /traps: (?<prog>[^\s[\]]{1,64})\[(?<pid>\d+)\] (?:trap )?(?<trap>[a-z][a-z0-9 ]{1,40}?) ip:(?<ip>[0-9a-fA-F]+) sp:[0-9a-fA-F]+ error:(?<err>[0-9a-fA-F]+)/,
    examples: [
      'traps: kvserver[5405] general protection fault ip:7f1df20b5f4b sp:7ffe2c1d9e70 error:0 in libc.so.6[7f1df2028000+155000]',
      'traps: kvserver[5405] trap invalid opcode ip:55d0c2a1b3c4 sp:7ffe2c1d9e70 error:0 in kvserver[55d0c2a00000+200000]',
      'traps: kvserver[5405] trap divide error ip:55d0c2a1b3c4 sp:7ffe2c1d9e70 error:0 in kvserver[55d0c2a00000+200000]',
    ],
  },
  fatalSignal: {
    re: /\[(?<pid>\d+)\]: potentially unexpected fatal signal (?<num>\d{1,2})\./,
    examples: ['kvserver[5405]: potentially unexpected fatal signal 11.'],
  },
  unhandledFault: {
    re: /\[(?<pid>\d+)\]: unhandled [\w ]{1,40}? \((?<num>\d{1,2})\)(?: code 0x[0-9a-f]+)? at (?<addr>0x[0-9a-fA-F]+)/,
    examples: ['kvserver[5405]: unhandled level 2 translation fault (11) at 0x00000008, esr 0x92000006, in kvserver[400000+1b000]'],
  },
  inModule: {re: / in (?<module>[^\s[\]]+)\[(?<base>[0-9a-fA-F]+)\+[0-9a-fA-F]+\]/, examples: ['error 4 in libc.so.6[7f1df2028000+155000]']},
  code: {re: /^Code: (?:[0-9a-f]{2} |<[0-9a-f]{2}> )/, examples: ['Code: 48 8b 07 c3 0f 1f 44 00 00 <48> 8b 47 08 c3']},
} as const satisfies PatternTable

/** x86 trap names as `traps:` prints them -> the signal the process got (the key). */
export const TRAP_SIGNALS = {
  SIGSEGV: {re: /general protection|bounds|overflow/, examples: ['general protection fault', 'general protection']},
  SIGILL: {re: /invalid opcode/, examples: ['invalid opcode']},
  SIGFPE: {re: /divide error|coprocessor|simd/, examples: ['divide error', 'simd exception']},
  SIGTRAP: {re: /int3/, examples: ['int3']},
  SIGBUS: {re: /stack segment|alignment check/, examples: ['stack segment', 'alignment check']},
} as const satisfies PatternTable

interface Fault {
  g: Record<string, string | undefined>
  signal: string | null
}

function faultOf(line: LogLine): Fault | null {
  const p = KERNEL_FAULT_PATTERNS
  for (const text of [line.text, line.raw]) {
    const trap = p.trap.re.exec(text)?.groups
    if (trap) return {g: trap, signal: Object.entries(TRAP_SIGNALS).find(([, e]) => e.re.test(trap.trap ?? ''))?.[0] ?? null}
    const seg = p.segfault.re.exec(text)
    const num = seg ? null : (p.fatalSignal.re.exec(text) ?? p.unhandledFault.re.exec(text))
    const m = seg ?? num
    if (!m?.groups) continue
    const g: Record<string, string | undefined> = {...m.groups, prog: wordBefore(text, m.index)}
    return {g, signal: seg ? 'SIGSEGV' : normaliseSignal(g.num ?? '')}
  }
  return null
}

/** One line, one event: the process died of the fault; the `Code:` line after it belongs to it. */
class KernelFaultParser implements TraceParser {
  private readonly event: TraceEvent
  private done = false

  constructor(first: LogLine, fault: Fault) {
    const event = newEvent(kernelLogFormat.id, first, null)
    const g = fault.g
    event.signal = fault.signal
    addKinds(event, [fault.signal ? kindOfSignal(fault.signal) : null])
    event.pid = Number(g.pid)
    event.facts.process = g.prog ?? ''
    event.message = first.text.trim()
    const addr = g.addr ?? null
    if (addr) event.faultAddress = addr.startsWith('0x') ? addr : `0x${addr}`
    const mod = KERNEL_FAULT_PATTERNS.inModule.re.exec(first.text)?.groups
    if (g.ip || mod) addFrame(event, {function: '??', module: mod?.module ?? null, address: g.ip ? `0x${g.ip}` : null})
    cite(event, first, 'kernel report of the fatal fault')
    this.event = event
  }

  push(line: LogLine): PushResult {
    if (this.done || !KERNEL_FAULT_PATTERNS.code.re.test(line.text.trim())) return 'ended'
    this.done = true
    take(this.event, line)
    return 'taken'
  }

  finish(): TraceEvent[] {
    return this.event.kinds.length > 0 ? [this.event] : []
  }
}

export const kernelLogFormat: TraceFormat = {
  id: 'kernel-log',
  runtime: null,
  stage: 'postmortem',
  triggers: ['segfault at', 'traps: ', 'unexpected fatal signal', ': unhandled ', 'invoked oom-killer', 'oom-kill:', 'ut of memory', 'Killed process', 'BUG: ', 'kernel BUG at', 'general protection fault', 'Oops: ', 'Kernel panic'],
  patterns: {...KERNEL_FAULT_PATTERNS, ...TRAP_SIGNALS, ...KERNEL_OOM_PATTERNS, ...KERNEL_OOPS_PATTERNS, ...KERNEL_LINE_PATTERNS},
  detect(line: LogLine): boolean {
    return faultOf(line) !== null || isOomStart(line.text) || oopsKindOf(line.text) !== null
  },
  parse(first: LogLine): TraceParser {
    const fault = faultOf(first)
    if (fault) return new KernelFaultParser(first, fault)
    if (isOomStart(first.text)) return new KernelOomParser(first, kernelLogFormat.id)
    return new KernelOopsParser(first, kernelLogFormat.id)
  },
}
