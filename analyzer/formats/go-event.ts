// Building blocks of the Go formats' events.
import type {CrashKind, LogLine, TraceEvent} from '../model.js'
import type {GoroutineDump} from './go-goroutines.js'

/** A fresh event for a trace that started on `first`; parsers fill in the rest. */
export function startGoEvent(format: string, first: LogLine): TraceEvent {
  return {
    format,
    runtime: 'go',
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
  if (why !== undefined && !event.evidence.some((e) => e.line === line)) event.evidence.push({line, why})
}

export function addKinds(event: TraceEvent, kinds: readonly (CrashKind | null)[]): void {
  for (const kind of kinds) if (kind !== null && !event.kinds.includes(kind)) event.kinds.push(kind)
}

/** '0x000050' -> '0x50': one spelling per address. */
export function shortAddress(hex: string): string {
  const body = hex.toLowerCase().startsWith('0x') ? hex.slice(2).toLowerCase() : hex.toLowerCase()
  let start = 0
  while (start < body.length - 1 && body[start] === '0') start++
  return `0x${body.slice(start) || '0'}`
}

/** Copies what the dump found (frames, goroutine counts) into the event. */
export function applyDump(event: TraceEvent, dump: GoroutineDump): void {
  dump.end()
  event.frames = dump.frames
  Object.assign(event.facts, dump.facts())
}

/** Evidence for the lines a dump found meaningful. */
export const DUMP_EVIDENCE = {
  crashingGoroutine: 'goroutine that crashed',
  topFrame: 'innermost frame',
} as const
