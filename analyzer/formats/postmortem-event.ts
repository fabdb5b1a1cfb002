// The TraceEvent every post-mortem parser fills in, with its defaults and the few ways it grows.
import type {CrashKind, Frame, LogLine, Runtime, TraceEvent} from '../model.js'

/** Frames kept per event; deeper stacks are counted in facts.framesDropped. */
export const MAX_FRAMES = 100

/** A terminal, not-yet-classified event starting at `first`. */
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

export function addKinds(event: TraceEvent, kinds: readonly (CrashKind | null)[]): void {
  for (const kind of kinds) if (kind && !event.kinds.includes(kind)) event.kinds.push(kind)
}

export function addFrame(event: TraceEvent, frame: Frame): void {
  if (event.frames.length < MAX_FRAMES) event.frames.push(frame)
  else event.facts.framesDropped = Number(event.facts.framesDropped ?? 0) + 1
}

/** Records that `line` belongs to the event (extends lastLine). */
export function take(event: TraceEvent, line: LogLine): void {
  if (line.lineNo > event.lastLine) event.lastLine = line.lineNo
  if (line.lineNo < event.firstLine) event.firstLine = line.lineNo
}

/** Keeps `line` as evidence (once) and takes it. */
export function cite(event: TraceEvent, line: LogLine, why: string): void {
  take(event, line)
  if (!event.evidence.some((e) => e.line === line)) event.evidence.push({line, why})
  event.evidence.sort((a, b) => a.line.lineNo - b.line.lineNo)
}
