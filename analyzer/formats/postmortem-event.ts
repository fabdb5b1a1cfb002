// The TraceEvent every post-mortem parser fills in, with its defaults and the few ways it grows.
import type {LogLine, TraceEvent} from '../model.js'
import {take} from './event.js'

export {MAX_FRAMES, addFrame, addKinds, newEvent, take} from './event.js'

/** Keeps `line` as evidence (once) and takes it. */
export function cite(event: TraceEvent, line: LogLine, why: string): void {
  take(event, line)
  if (!event.evidence.some((e) => e.line === line)) event.evidence.push({line, why})
  event.evidence.sort((a, b) => a.line.lineNo - b.line.lineNo)
}
