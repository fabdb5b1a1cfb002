// The TraceEvent every format's parser fills in: its defaults and the few ways it grows.
import type {CrashKind, Frame, LogLine, Runtime, TraceEvent} from '../model.js'

/** Frames kept per event: the crashing thread's top is what matters; deeper ones are counted. */
export const MAX_FRAMES = 100

/** A terminal, not-yet-classified event of a trace that started on `first`. */
export function newEvent(format: string, first: LogLine, runtime: Runtime | null = null): TraceEvent {
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

/** Records that `line` belongs to the event, and keeps it as evidence (once) when `why` is given. */
export function take(event: TraceEvent, line: LogLine, why?: string): void {
  if (line.lineNo > event.lastLine) event.lastLine = line.lineNo
  if (line.lineNo < event.firstLine) event.firstLine = line.lineNo
  if (why !== undefined && !event.evidence.some((e) => e.line === line)) event.evidence.push({line, why})
}

export function addKinds(event: TraceEvent, kinds: readonly (CrashKind | null)[]): void {
  for (const kind of kinds) if (kind && !event.kinds.includes(kind)) event.kinds.push(kind)
}

export function addFrame(event: TraceEvent, frame: Frame): void {
  if (event.frames.length < MAX_FRAMES) event.frames.push(frame)
  else event.facts.framesDropped = Number(event.facts.framesDropped ?? 0) + 1
}

/** '0x000000000050' -> '0x50': one spelling per address. */
export function shortAddress(hex: string): string {
  const body = (hex.toLowerCase().startsWith('0x') ? hex.slice(2) : hex).toLowerCase()
  let start = 0
  while (start < body.length - 1 && body[start] === '0') start++
  return `0x${body.slice(start) || '0'}`
}
