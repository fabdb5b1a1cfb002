// The kernel OOM killer's report: `x invoked oom-killer`, the memory dump, `Out of memory: Killed process N (comm)`.
import type {LogLine, TraceEvent} from '../model.js'
import {addKinds, cite, newEvent, take} from './postmortem-event.js'
import {isKernelLine, wordBefore} from './postmortem-kernel-lines.js'
import type {PatternTable, PushResult, TraceParser} from './types.js'

/** Dump lines tolerated before the kill line, and non-OOM lines after it. */
const MAX_DUMP_LINES = 5000
const MAX_IDLE = 6

export const KERNEL_OOM_PATTERNS = {
  invoked: {re: / invoked oom-killer: /, examples: ['pegasus_server invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0']},
  constraint: {re: /oom-kill:constraint=(?<constraint>\w+)/, examples: ['oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/k8s,task_memcg=/k8s/pod1,task=pegasus_server,pid=1234,uid=0']},
  constraintTask: {re: /,task=(?<comm>[^,]+),pid=(?<pid>\d+)/, examples: ['oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),task=pegasus_server,pid=1234,uid=0']},
  kill: {
    re: /(?<cgroup>Memory cgroup )?[Oo]ut of memory(?: \([\w ]+\))?: Kill(?:ed)? process (?<pid>\d+) \((?<comm>[^)]{0,64})\)/,
    examples: ['Out of memory: Killed process 1234 (pegasus_server) total-vm:30876544kB, anon-rss:29874100kB, file-rss:0kB', 'Memory cgroup out of memory: Kill process 1234 (java) score 1000 or sacrifice child'],
  },
  killed: {
    re: /^Killed process (?<pid>\d+) \((?<comm>[^)]{0,64})\)/,
    examples: ['Killed process 1234 (pegasus_server) total-vm:30876544kB, anon-rss:29874100kB, file-rss:0kB'],
  },
  sizes: {re: /total-vm:(?<vm>\d+)kB, anon-rss:(?<rss>\d+)kB/, examples: ['total-vm:30876544kB, anon-rss:29874100kB, file-rss:0kB']},
  reaper: {re: /oom_reaper: reaped process (?<pid>\d+) \((?<comm>[^)]{0,64})\)/, examples: ['oom_reaper: reaped process 1234 (pegasus_server), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB']},
} as const satisfies PatternTable

export function isOomStart(text: string): boolean {
  const p = KERNEL_OOM_PATTERNS
  return p.invoked.re.test(text) || p.constraint.re.test(text) || p.kill.re.test(text) || p.killed.re.test(text.trim())
}

/** One OOM-killer incident: from the first of its lines to the kill (and the reaper after it). */
export class KernelOomParser implements TraceParser {
  private readonly event: TraceEvent
  private killed = false
  private dump = 0
  private idle = 0

  constructor(first: LogLine, format: string) {
    this.event = newEvent(format, first, null)
    addKinds(this.event, ['oom'])
    this.event.signal = 'SIGKILL'
    this.consume(first)
  }

  push(line: LogLine): PushResult {
    if (this.killed && this.startsAnother(line.text.trim())) return 'ended'
    if (this.consume(line)) return 'taken'
    if (this.killed) return ++this.idle > MAX_IDLE ? 'ended' : 'skipped'
    if (isKernelLine(line) && ++this.dump < MAX_DUMP_LINES) {
      take(this.event, line)
      return 'taken'
    }
    return 'skipped'
  }

  /** After the kill: the OOM killer running again, or killing another process, is another incident. */
  private startsAnother(text: string): boolean {
    const p = KERNEL_OOM_PATTERNS
    if (p.invoked.re.test(text)) return true
    const g = (p.kill.re.exec(text) ?? p.killed.re.exec(text) ?? p.constraintTask.re.exec(text))?.groups
    return g?.pid !== undefined && Number(g.pid) !== this.event.pid
  }

  /** Takes a line that names the OOM kill; false for any other line. */
  private consume(line: LogLine): boolean {
    const text = line.text.trim()
    const p = KERNEL_OOM_PATTERNS
    const invoked = p.invoked.re.exec(text)
    if (invoked) {
      this.event.facts.invoker = wordBefore(text, invoked.index)
      cite(this.event, line, 'the kernel OOM killer was invoked')
      return true
    }
    const constraint = p.constraint.re.exec(text)?.groups
    if (constraint) {
      this.event.facts.constraint = constraint.constraint ?? ''
      this.victim(line, p.constraintTask.re.exec(text)?.groups, 'OOM kill constraint and victim')
      return true
    }
    const match = p.kill.re.exec(text) ?? p.killed.re.exec(text) ?? p.reaper.re.exec(text)
    const kill = match?.groups
    if (!match || !kill) return false
    if (kill.cgroup) this.event.facts.cgroup = true
    this.victim(line, kill, 'process killed by the OOM killer')
    const sizes = p.sizes.re.exec(text)?.groups
    if (sizes) Object.assign(this.event.facts, {totalVmKb: Number(sizes.vm), anonRssKb: Number(sizes.rss)})
    this.event.message ??= match[0]
    this.killed = true
    return true
  }

  private victim(line: LogLine, g: Record<string, string | undefined> | undefined, why: string): void {
    if (g?.pid) this.event.pid = Number(g.pid)
    if (g?.comm) this.event.facts.process = g.comm
    cite(this.event, line, why)
  }

  finish(): TraceEvent[] {
    const comm = this.event.facts.process
    this.event.message ??= `kernel OOM killer${comm ? ` killed ${comm}` : ' invoked'}`
    return [this.event]
  }
}
