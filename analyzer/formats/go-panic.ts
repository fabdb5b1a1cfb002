// Go panics: 'panic: <value>' (nested '[recovered]' re-panics, multi-line values, '[signal ...]'),
// then the goroutine dump.
import {GoCrashParser} from './go-crash-parser.js'
import {GO_HEADER_PATTERNS, readGoHeader} from './go-headers.js'
import {GO_LINE_PATTERNS} from './go-lines.js'
import type {TraceFormat} from './types.js'

export const GO_PANIC_PATTERNS = {...GO_HEADER_PATTERNS, ...GO_LINE_PATTERNS}

export const goPanicFormat: TraceFormat = {
  id: 'go-panic',
  runtime: 'go',
  stage: 'dump',
  triggers: ['panic: '],
  patterns: GO_PANIC_PATTERNS,
  detect: (line) => {
    const header = readGoHeader(line)
    return header?.type === 'panic' && !header.nested
  },
  parse: (first) => new GoCrashParser(goPanicFormat.id, first),
}
