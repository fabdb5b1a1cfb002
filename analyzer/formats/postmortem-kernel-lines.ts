// Is a line the kernel's? Kernel dumps (OOM reports, oopses) are long; their lines must not end them.
import type {LogLine} from '../model.js'
import type {PatternTable} from './types.js'

export const KERNEL_LINE_PATTERNS = {
  // dmesg's uptime clock or a journald/syslog `kernel:` tag.
  marker: {re: /^\[ *\d+\.\d+\] |^\[[A-Z][a-z]{2} [A-Z][a-z]{2} +\d+ [\d:]+ \d{4}\] | kernel: /, examples: ['[12345.678901] Mem-Info:', 'Nov 21 16:47:01 node-3 kernel: Call Trace:', '[Thu Nov 21 16:47:01 2024] Tasks state (memory values in pages):']},
  // Dump lines pasted without their prefixes.
  dumpLine: {
    re: /^(?:CPU: \d|Hardware name:|Call Trace:|<\/?(?:TASK|IRQ)>|\?? ?[\w.]+\+0x[0-9a-f]+\/0x[0-9a-f]+|\[<[0-9a-f]+>\]|Mem-Info:|active_anon:|Node \d|\d+ total pagecache|Swap cache|Free swap|Total swap|\d+ pages |Tasks state|\[ *(?:\d+|pid) *\]|memory: usage|swap: usage|kmem: usage|Memory cgroup stats|Unreclaimable|lowmem_reserve|oom-kill:|oom_reaper:|mems_allowed|RIP: |RSP: |R[A-Z0-9]{1,2}: [0-9a-f]{4,}|FS: |CS: |CR2: |Code: |Modules linked in:|Workqueue:|---\[ end)/,
    examples: ['Mem-Info:', ' dump_stack+0x5c/0x80', '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name', 'RAX: 0000000000000000 RBX: ffff8881'],
  },
} as const satisfies PatternTable

/**
 * The whitespace-free word ending at `end` (`pegasus_server` in `pegasus_server[42]: segfault`). Regexes start at
 * the literal after it instead: a leading `[^\s]+` makes an unanchored search quadratic on a long line.
 */
export function wordBefore(text: string, end: number): string {
  let start = end
  while (start > 0 && text[start - 1]?.trim() !== '') start--
  return text.slice(start, end)
}

export function isKernelLine(line: LogLine): boolean {
  return KERNEL_LINE_PATTERNS.marker.re.test(line.raw) || KERNEL_LINE_PATTERNS.dumpLine.re.test(line.text.trim())
}
