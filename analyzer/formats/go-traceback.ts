// Go runtime throws and signals: 'fatal error: ...' (concurrent map writes, out of memory, fault),
// '[signal SIGSEGV ...]' pastes cut above it, cgo 'SIGSEGV: segmentation violation' + 'PC=...'.
import {GoCrashParser} from './go-crash-parser.js'
import {GO_HEADER_PATTERNS, readGoHeader} from './go-headers.js'
import {GO_LINE_PATTERNS} from './go-lines.js'
import type {TraceFormat} from './types.js'

export const GO_TRACEBACK_PATTERNS = {...GO_HEADER_PATTERNS, ...GO_LINE_PATTERNS}

/** Header kinds a traceback can start on; 'PC=' and panics are not among them. */
const OPENING_HEADERS = new Set(['fatal', 'signal', 'signalHeader', 'resource', 'faultAddress'])

export const goTracebackFormat: TraceFormat = {
  id: 'go-traceback',
  runtime: 'go',
  stage: 'dump',
  triggers: ['fatal error: ', '[signal ', 'SIGSEGV: ', 'SIGBUS: ', 'SIGILL: ', 'SIGFPE: ', 'SIGABRT: ', 'SIGQUIT: ', 'runtime: ', 'unexpected fault address'],
  patterns: GO_TRACEBACK_PATTERNS,
  detect: (line) => OPENING_HEADERS.has(readGoHeader(line)?.type ?? ''),
  parse: (first) => new GoCrashParser(goTracebackFormat.id, first),
}
