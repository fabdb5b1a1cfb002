// Every trace format the analyzer knows. Order matters only when two formats detect the same
// line: the more specific comes first.
import type {TraceFormat} from './types.js'

export const TRACE_FORMATS: readonly TraceFormat[] = []
