// Building blocks of the Go formats' events.
import type {LogLine, TraceEvent} from '../model.js'
import {newEvent} from './event.js'
import type {GoroutineDump} from './go-goroutines.js'

export {addKinds, shortAddress, take} from './event.js'

/** A fresh event for a trace that started on `first`; parsers fill in the rest. */
export function startGoEvent(format: string, first: LogLine): TraceEvent {
  return newEvent(format, first, 'go')
}


/** Copies what the dump found (frames, goroutine counts) into the event. */
export function applyDump(event: TraceEvent, dump: GoroutineDump): void {
  dump.end()
  event.frames = dump.frames
  if (dump.otherFunctions.size > 0) event.otherFrames = [...dump.otherFunctions]
  Object.assign(event.facts, dump.facts())
  if (typeof event.facts.goroutines === 'number') event.fullDump = true
}

/** Evidence for the lines a dump found meaningful. */
export const DUMP_EVIDENCE = {
  crashingGoroutine: 'goroutine that crashed',
  topFrame: 'innermost frame',
} as const
