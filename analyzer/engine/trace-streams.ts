import type {TraceFormat, TraceParser} from '../formats/types.js'
import type {LogLine, TraceEvent} from '../model.js'

/** Lines a parser may skip in a row (other threads' lines) before the engine ends it. */
export const MAX_SKIPPED_LINES = 200
/** Lines of a trace kept to cite as evidence (a dump of thousands of goroutines is not kept whole). */
export const MAX_KEPT_TRACE_LINES = 400

interface ActiveTrace {
  format: TraceFormat
  parser: TraceParser
  skipped: number
  /** Lines it took after its first, blank ones aside: a header alone has taken none. */
  taken: number
  firstLine: LogLine
  lines: LogLine[]
  /** The events of a trace that ended while an older one of its node was still open (held to keep start order). */
  done: TraceEvent[] | null
}

export interface TraceStreamsOptions {
  formats: readonly TraceFormat[]
  /** Called with each event as soon as its trace ends, with the line that started it and its node. */
  onEvents: (events: TraceEvent[], trace: {first: LogLine; lines: LogLine[]; node: string | null; format: TraceFormat}) => void
  /** Called when a trace starts, before the parser sees any further line. */
  onStart?: (first: LogLine) => void
}

/**
 * Routes lines to trace parsers, one set of active parsers per node so that interleaved nodes
 * never mix, and starts parsers on lines a format detects.
 */
export class TraceStreams {
  private readonly active = new Map<string, ActiveTrace[]>()
  constructor(private readonly options: TraceStreamsOptions) {}

  /** True while some trace is open: the engine must then look at every line. */
  get busy(): boolean {
    return this.active.size > 0
  }

  /** The first line of the oldest open trace: where a rescan must start to rebuild it. */
  get oldestOpenLine(): LogLine | null {
    let oldest: LogLine | null = null
    for (const traces of this.active.values()) for (const t of traces) if (!oldest || t.firstLine.offset < oldest.offset) oldest = t.firstLine
    return oldest
  }

  /** Offers one line; `mayStart` says whether it holds a trigger (can start a trace). */
  offer(line: LogLine, mayStart: boolean): void {
    const key = line.node ?? ''
    this.adoptUnprefixed(key)
    const traces = this.active.get(key)
    let taken = false
    if (traces) {
      for (const trace of [...traces]) {
        if (trace.done) continue
        const result = trace.parser.push(line)
        if (result === 'taken') {
          taken = true
          if (line.text.trim() !== '') trace.taken++
          trace.skipped = 0
          if (trace.lines.length < MAX_KEPT_TRACE_LINES) trace.lines.push(line)
        } else if (result === 'ended' || ++trace.skipped > MAX_SKIPPED_LINES) {
          this.end(key, trace)
        }
      }
    }
    if (!taken && mayStart) this.start(key, line)
  }

  /**
   * A trace header that lost its node prefix (a paste, a runtime writing past the logger) goes on
   * in the prefixed lines that follow: it joins the first node that speaks next, while it is still
   * a lone header (an unprefixed trace with lines of its own is a stream of its own).
   */
  private adoptUnprefixed(key: string): void {
    if (key === '' || this.active.has(key)) return
    const orphans = this.active.get('')
    if (!orphans || orphans.some((t) => t.taken > 0)) return
    this.active.delete('')
    this.active.set(key, orphans)
  }

  /** Ends every open trace (end of input). */
  flush(): void {
    for (const [key, traces] of [...this.active]) for (const trace of [...traces]) if (!trace.done) this.end(key, trace)
  }

  private start(key: string, line: LogLine): void {
    const traces = this.active.get(key) ?? []
    for (const format of this.options.formats) {
      if (traces.some((t) => t.format === format && !t.done)) continue
      // The raw line may hold the trigger escaped (a JSON record): its text then holds it plain.
      if (!format.triggers.some((t) => line.raw.includes(t) || line.text.includes(t))) continue
      if (!format.detect(line)) continue
      this.options.onStart?.(line)
      traces.push({format, parser: format.parse(line), skipped: 0, taken: 0, firstLine: line, lines: [line], done: null})
      if (!this.active.has(key)) this.active.set(key, traces)
      return
    }
  }

  /** Ends a trace; traces of a node are handed on in the order they started (a shell's exit line ends before the dump it follows). */
  private end(key: string, trace: ActiveTrace): void {
    const traces = this.active.get(key)
    if (!traces || trace.done) return
    trace.done = trace.parser.finish()
    while (traces[0]?.done) {
      const ended = traces.shift() as ActiveTrace
      const events = ended.done ?? []
      if (events.length > 0) this.options.onEvents(events, {first: ended.firstLine, lines: ended.lines, node: key === '' ? null : key, format: ended.format})
    }
    if (traces.length === 0) this.active.delete(key)
  }
}

/** All events of a list of lines, for tests and small inputs: every line may start a trace. */
export function parseLines(formats: readonly TraceFormat[], lines: readonly LogLine[]): TraceEvent[] {
  const events: TraceEvent[] = []
  const streams = new TraceStreams({formats, onEvents: (e) => events.push(...e)})
  for (const line of lines) streams.offer(line, true)
  streams.flush()
  return events.sort((a, b) => a.firstLine - b.firstLine)
}
