// One gdb `bt` frame, possibly wrapped over several lines: joining and parsing.
import type {Frame} from '../model.js'
import {bareFunction, parenDepth, trailingGroupStart} from './postmortem-frames.js'
import {NATIVE_FRAME_PATTERNS} from './postmortem-kinds.js'
import type {PatternTable} from './types.js'

export const GDB_FRAME_PATTERNS = {
  frame: {
    re: /^#(?<n>\d{1,5})\s+(?:(?<addr>0x[0-9a-fA-F]+) in )?(?<rest>\S.*)$/,
    examples: [
      '#0  0x00007f6733ec02c7 in raise () from /lib64/libc.so.6',
      '#0  SLL_Next (t=0x0) at src/linked_list.h:45',
      '#1  <signal handler called>',
    ],
  },
  // What a paste puts before a frame: gdb prompts, markdown list dashes and quotes.
  lead: {re: /^(?:\(gdb\)\s*|[-*>]\s+)+/, examples: ['(gdb) #0  0x00007fc9093669ef in signalHandler(int, siginfo*, void*) ()', '- #5  0x00007fc987a896f6 in __libc_message ()']},
  fromTail: {re: /\sfrom\s+(?<module>\S+)$/, examples: ['raise () from /lib64/libc.so.6']},
  atTail: {re: /\sat\s+(?<file>\S+):(?<line>\d+)$/, examples: ['get_normalized_path (path=..., npath=...) at /src/utils/filesystem.cpp:116']},
  danglingTail: {re: /\s(?:at|from)$/, examples: ['dsn::task_worker::loop (this=0x24e31e0) at']},
  hasTail: {re: /\s(?:at|from)\s+\S+$/, examples: ['raise () from /lib64/libc.so.6']},
  tailStart: {re: /^(?:at|from)\s+\S/, examples: ['at /home/work/src/rdsn/src/utils/filesystem.cpp:116']},
  truncated: {re: /^0x?[0-9a-fA-F]*$/, examples: ['0', '0x00007f6736']},
  quoted: {re: /"(?<msg>[^"]{1,300})"/, examples: ['malloc_printerr (str=str@entry=0x7f1df21b6159 "malloc(): corrupted top size") at ./malloc/malloc.c:5662']},
  // AddressSanitizer's `#0 0x.. in f (/lib/libasan.so+0x..)` and `f a.cc:5:3` frames are the ASan format's.
  asanShape: {
    re: /:\d+:\d+$|\+0x[0-9a-fA-F]+\)|\(BuildId: [0-9a-f]+\)$|^#\d+ 0x[0-9a-fA-F]+ in [^ (]+\([^)]*\)[^ ]* \/\S+:\d+$/,
    examples: [
      '#0 0x4f5a3c in main /src/a.cc:12:3',
      '#1 0x7f in __interceptor_free (/usr/lib/libasan.so.5+0xef7d0)',
      '#0 0x55cecbe03965 in kv::body_checksum(kv::rpc_header const*) /build/kvstore/cpp/replica_io.cc:44',
    ],
  },
} as const satisfies PatternTable

export interface GdbFrame {
  n: number
  frame: Frame
  /** The message a malloc_printerr frame was called with. */
  mallocMessage: string | null
}

/** The text of a line with prompts/markdown removed and whitespace trimmed. */
export function cleanGdbText(text: string): string {
  return text.trim().replace(GDB_FRAME_PATTERNS.lead.re, '').trim()
}

export function isFrameStart(text: string): boolean {
  return GDB_FRAME_PATTERNS.frame.re.test(text)
}

/**
 * Does `next` continue the wrapped frame `pending`: an indented line while a parenthesis is open, or the
 * `at file:line` / `from lib.so` part? `raw` is the line as printed (gdb indents continuations).
 */
export function continuesFrame(pending: string, next: string, raw: string): boolean {
  if (next === '' || isFrameStart(next)) return false
  const tail = GDB_FRAME_PATTERNS.tailStart.re.test(next)
  if (tail) return !GDB_FRAME_PATTERNS.hasTail.re.test(pending)
  const indented = raw !== raw.trimStart()
  return indented && (parenDepth(pending) > 0 || GDB_FRAME_PATTERNS.danglingTail.re.test(pending))
}

export function parseGdbFrame(text: string): GdbFrame | null {
  const m = GDB_FRAME_PATTERNS.frame.re.exec(text)
  if (!m?.groups) return null
  let rest = (m.groups.rest ?? '').replace(GDB_FRAME_PATTERNS.danglingTail.re, '')
  if (GDB_FRAME_PATTERNS.truncated.re.test(rest)) return null
  const frame: Frame = {function: rest, file: null, line: null, module: null, address: m.groups.addr ?? null}
  const from = GDB_FRAME_PATTERNS.fromTail.re.exec(rest)
  const at = GDB_FRAME_PATTERNS.atTail.re.exec(rest)
  if (from?.groups) {
    frame.module = from.groups.module ?? null
    rest = rest.slice(0, from.index)
  } else if (at?.groups) {
    frame.file = at.groups.file ?? null
    frame.line = Number(at.groups.line)
    rest = rest.slice(0, at.index)
  }
  frame.function = functionOf(rest.trim())
  const quoted = GDB_FRAME_PATTERNS.quoted.re.exec(rest)
  const mallocError = NATIVE_FRAME_PATTERNS.mallocErrorFrame.re.test(bareFunction(frame.function))
  const mallocMessage = mallocError ? (quoted?.groups?.msg ?? null) : null
  return {n: Number(m.groups.n), frame, mallocMessage}
}

/** `ns::f (a=1, b=...)` -> `ns::f`; `X::~X() ()` -> `X::~X()`; a frame cut inside its arguments keeps the name. */
function functionOf(text: string): string {
  if (text.startsWith('<')) return text
  const start = trailingGroupStart(text)
  if (start > 0 && text[start - 1] === ' ') return text.slice(0, start).trim()
  const open = text.indexOf(' (')
  return open > 0 ? text.slice(0, open) : text
}
