// Building blocks shared by the native report formats of this family (C++ runtime, sanitizers, Rust).
import type {CrashKind, Evidence, Frame, LogLine, Runtime, TraceEvent} from '../model.js'
import type {PatternTable} from './types.js'

export const NATIVE_PATTERNS = {
  /** Message text that shows the process ran out of memory (ENOMEM, allocator failure). */
  outOfMemory: {
    re: /out of memory|\bENOMEM\b|cannot allocate memory|memory allocation of \d+ bytes failed|\bOutOfMemory\b|bad_alloc/i,
    examples: [
      'IO error: While appending to file: /data/db/438734.sst: Cannot allocate memory',
      'memory allocation of 1073741824 bytes failed',
      'Os { code: 12, kind: OutOfMemory, message: "Cannot allocate memory" }',
      'std::bad_alloc',
    ],
  },
} satisfies PatternTable

/** Frames kept per event: the crashing thread's top is what matters, the rest is noise. */
export const MAX_FRAMES = 100

/** A fresh event for a trace that started on `first`; parsers fill in the rest. */
export function startEvent(format: string, runtime: Runtime | null, first: LogLine): TraceEvent {
  return {
    format,
    runtime,
    kinds: [],
    signal: null,
    message: null,
    frames: [],
    faultAddress: null,
    firstLine: first.lineNo,
    lastLine: first.lineNo,
    evidence: [],
    terminal: true,
    recovered: false,
    pid: null,
    facts: {},
  }
}

/** Records a line as part of the event, and as evidence when `why` is given. */
export function take(event: TraceEvent, line: LogLine, why?: string): void {
  if (line.lineNo > event.lastLine) event.lastLine = line.lineNo
  if (why !== undefined && !event.evidence.some((e) => e.line === line)) event.evidence.push({line, why} satisfies Evidence)
}

export function addKind(event: TraceEvent, kind: CrashKind | null): void {
  if (kind !== null && !event.kinds.includes(kind)) event.kinds.push(kind)
}

export function addFrame(event: TraceEvent, frame: Frame): void {
  if (event.frames.length < MAX_FRAMES) event.frames.push(frame)
  else event.facts.framesDropped = Number(event.facts.framesDropped ?? 0) + 1
}

/** '0x000000000000' -> '0x0', '0x00000050' -> '0x50': one spelling per address. */
export function shortAddress(hex: string): string {
  const body = hex.toLowerCase().startsWith('0x') ? hex.slice(2) : hex
  let start = 0
  while (start < body.length - 1 && body[start] === '0') start++
  return `0x${body.slice(start).toLowerCase() || '0'}`
}

/** Does this text show an out-of-memory condition? */
export function mentionsOutOfMemory(text: string): boolean {
  return NATIVE_PATTERNS.outOfMemory.re.test(text)
}
