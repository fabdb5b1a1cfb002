// A kernel oops/BUG/panic: `BUG: kernel NULL pointer dereference`, `RIP: 0010:f+0x1/0x2`, `Call Trace:`, `---[ end trace`.
import type {CrashKind, LogLine, TraceEvent} from '../model.js'
import {addFrame, addKinds, cite, newEvent, take} from './postmortem-event.js'
import {isKernelLine} from './postmortem-kernel-lines.js'
import type {PatternTable, PushResult, TraceParser} from './types.js'

const MAX_LINES = 400
const MAX_IDLE = 8

export const KERNEL_OOPS_PATTERNS = {
  nullDeref: {
    re: /BUG: (?:kernel NULL pointer dereference, address: |unable to handle (?:kernel )?(?:NULL pointer dereference|paging request|page fault)(?: for address:?| at) )(?<addr>[0-9a-fA-Fx]+)/,
    examples: ['BUG: kernel NULL pointer dereference, address: 0000000000000008', 'BUG: unable to handle kernel paging request at ffffffffffffffd8'],
  },
  gpf: {
    re: /^general protection fault(?:, probably for non-canonical address (?<addr>0x[0-9a-f]+))?: [0-9a-f]{4} \[#\d+\]/,
    examples: ['general protection fault: 0000 [#1] SMP PTI', 'general protection fault, probably for non-canonical address 0xdead000000000100: 0000 [#1] PREEMPT SMP NOPTI'],
  },
  kernelBug: {re: /kernel BUG at (?<where>[^!\s]+)!/, examples: ['kernel BUG at fs/ext4/inode.c:2702!']},
  oops: {re: /^Oops: [0-9a-f]{4} \[#\d+\]/, examples: ['Oops: 0002 [#1] SMP PTI']},
  panic: {re: /Kernel panic - not syncing: (?<why>[^\n]{1,200})/, examples: ['Kernel panic - not syncing: Fatal exception']},
  oomPanic: {re: /not syncing: [^\n]{0,200}?out of memory/i, examples: ['Kernel panic - not syncing: Out of memory and no killable processes...']},
  task: {re: /^CPU: \d+ (?:UID: \d+ )?PID: (?<pid>\d+) Comm: (?<comm>\S+)/, examples: ['CPU: 3 PID: 4242 Comm: pegasus_server Tainted: G        W  5.4.0 #1']},
  rip: {
    re: /RIP: [0-9a-f]{4}:(?:\[<[0-9a-f]+>\]\s+\[<[0-9a-f]+>\]\s+)?(?<fn>[\w.$]+)\+0x[0-9a-f]+\/0x[0-9a-f]+(?: \[(?<module>[\w-]+)\])?/,
    examples: ['RIP: 0010:ext4_writepages+0x3c1/0xe30 [ext4]', 'RIP: 0010:[<ffffffff81234567>]  [<ffffffff81234567>] xfs_trans_free+0x12/0x40'],
  },
  callFrame: {
    re: /^\s*(?:\[<(?<addr>[0-9a-f]+)>\]\s+)?(?<unreliable>\? )?(?<fn>[\w.$]+)\+0x[0-9a-f]+\/0x[0-9a-f]+(?: \[(?<module>[\w-]+)\])?$/,
    examples: [' ext4_writepages+0x3c1/0xe30 [ext4]', ' ? __schedule+0x2d3/0x860', ' [<ffffffff8120e5c6>] do_writepages+0x1e/0x30'],
  },
  endTrace: {re: /---\[ end (?:trace [0-9a-f]+|Kernel panic)/, examples: ['---[ end trace 3c2a1d0e9f8b7a61 ]---']},
} as const satisfies PatternTable

/** Start lines and the kind each shows. */
const STARTS: readonly {re: RegExp; kind: CrashKind}[] = [
  {re: KERNEL_OOPS_PATTERNS.nullDeref.re, kind: 'sigsegv'},
  {re: KERNEL_OOPS_PATTERNS.gpf.re, kind: 'sigsegv'},
  {re: KERNEL_OOPS_PATTERNS.kernelBug.re, kind: 'abort'},
  {re: KERNEL_OOPS_PATTERNS.oops.re, kind: 'sigsegv'},
  {re: KERNEL_OOPS_PATTERNS.panic.re, kind: 'panic'},
]

export function oopsKindOf(text: string): CrashKind | null {
  const t = text.trim()
  const kind = STARTS.find((s) => s.re.test(t))?.kind ?? null
  return kind === 'panic' && KERNEL_OOPS_PATTERNS.oomPanic.re.test(t) ? 'oom' : kind
}

export class KernelOopsParser implements TraceParser {
  private readonly event: TraceEvent
  private lines = 0
  private idle = 0
  private ended = false

  constructor(first: LogLine, format: string) {
    this.event = newEvent(format, first, 'c')
    this.event.message = first.text.trim()
    this.consume(first, first.text.trim())
  }

  push(line: LogLine): PushResult {
    const text = line.text.trim()
    if (this.ended && !KERNEL_OOPS_PATTERNS.panic.re.test(text)) return 'ended'
    if (++this.lines > MAX_LINES) return 'ended'
    if (this.consume(line, text) || isKernelLine(line)) {
      take(this.event, line)
      this.idle = 0
      return 'taken'
    }
    return ++this.idle > MAX_IDLE ? 'ended' : 'skipped'
  }

  private consume(line: LogLine, text: string): boolean {
    const p = KERNEL_OOPS_PATTERNS
    const kind = oopsKindOf(text)
    if (kind) {
      addKinds(this.event, [kind])
      const addr = p.nullDeref.re.exec(text)?.groups?.addr ?? p.gpf.re.exec(text)?.groups?.addr
      if (addr) this.event.faultAddress = `0x${BigInt(addr.startsWith('0x') ? addr : `0x${addr}`).toString(16)}`
      cite(this.event, line, kind === 'panic' || kind === 'oom' ? 'kernel panic' : 'kernel oops')
      return true
    }
    const task = p.task.re.exec(text)?.groups
    if (task) Object.assign(this.event.facts, {taskPid: Number(task.pid), task: task.comm ?? ''})
    const frame = (p.rip.re.exec(text) ?? p.callFrame.re.exec(text))?.groups
    if (frame && !frame.unreliable) {
      if (this.event.frames.length === 0) cite(this.event, line, 'instruction pointer at the oops')
      addFrame(this.event, {function: frame.fn ?? '??', module: frame.module ?? null, address: frame.addr ? `0x${frame.addr}` : null})
    }
    if (p.endTrace.re.test(text)) this.ended = true
    return Boolean(task || frame || this.ended)
  }

  finish(): TraceEvent[] {
    return this.event.kinds.length > 0 ? [this.event] : []
  }
}
