import type {LogLine, Runtime, TraceEvent} from '../model.js'

/** A regex with the lines it must match: the table is data, tested by test/analyzer/formats/pattern-tables.test.ts. */
export interface PatternEntry {
  re: RegExp
  examples: readonly string[]
}
export type PatternTable = Readonly<Record<string, PatternEntry>>

/**
 * What a parser says of the next line of its stream:
 * - `taken`: the line belongs to the trace;
 * - `skipped`: not part of the trace (another thread's line), the trace may go on;
 * - `ended`: the trace ended before this line.
 */
export type PushResult = 'taken' | 'skipped' | 'ended'

/** A streaming state machine for one trace, fed the lines after the one that started it. */
export interface TraceParser {
  push(line: LogLine): PushResult
  /** The events recognised (none when the trace turned out to be noise). */
  finish(): TraceEvent[]
}

/**
 * Where a format's trace stands in a process's death, which decides what can follow it in one
 * crash: a `cause` message (an invalid free, a failed check) comes before the process's own `dump`
 * (a Go traceback, a glog signal dump), and `postmortem` views (a core's backtrace, the kernel's or
 * the shell's line) come after. Two dumps are always two deaths.
 */
export type TraceStage = 'cause' | 'dump' | 'postmortem'
export const TRACE_STAGES: readonly TraceStage[] = ['cause', 'dump', 'postmortem']

export interface TraceFormat {
  id: string
  runtime: Runtime | null
  stage: TraceStage
  /**
   * Literal substrings, one of which occurs on every line that can start a trace of this format.
   * The engine skips lines holding none of any format's triggers without looking at them.
   */
  triggers: readonly string[]
  patterns: PatternTable
  /** Does this line start a trace of this format? Called only on lines holding a trigger. */
  detect(line: LogLine): boolean
  /** Start a parser on the line `detect` accepted. */
  parse(first: LogLine): TraceParser
}
