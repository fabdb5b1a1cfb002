import {makeLine} from '../../analyzer/lines/line.js'
import type {LogLine, TraceEvent} from '../../analyzer/model.js'

/** A TraceEvent with sensible defaults, for tests of what comes after the parsers. */
export function event(overrides: Partial<TraceEvent> & Pick<TraceEvent, 'firstLine'>): TraceEvent {
  return {
    format: 'test', runtime: null, kinds: ['sigsegv'], signal: null, message: null, frames: [], faultAddress: null,
    lastLine: overrides.firstLine, evidence: [], terminal: true, recovered: false, pid: null, facts: {},
    ...overrides,
  }
}

export function lineAt(lineNo: number, raw = `line ${lineNo}`): LogLine {
  return makeLine(raw, lineNo, lineNo * 10)
}
