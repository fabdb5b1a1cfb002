import type {Chunk} from '../input/chunks.js'
import {countNewlines} from '../input/chunks.js'
import type {TraceFormat} from '../formats/types.js'
import {makeLine} from '../lines/line.js'
import {expandRecord} from '../lines/records.js'
import type {LogLine, TraceEvent} from '../model.js'
import {TraceStreams} from './trace-streams.js'

/** Lines before a trace kept as its context (filtered to the trace's node later). */
export const CONTEXT_LINES = 200

/** What the scanner hands on: the events of one trace and the lines before it. */
export interface TraceFinding {
  events: TraceEvent[]
  first: LogLine
  context: LogLine[]
}

/** One regex over every format's triggers: the prefilter that lets idle text pass unread. */
export function triggerRegex(formats: readonly TraceFormat[]): RegExp {
  const words = [...new Set(formats.flatMap((f) => f.triggers))]
  words.sort((a, b) => b.length - a.length)
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(escaped.length > 0 ? escaped.join('|') : '(?!)', 'g')
}

/**
 * Feeds one source's chunks to the trace parsers. While no trace is open it jumps from trigger to
 * trigger, counting lines without building them; inside a trace it looks at every line.
 */
export class SourceScanner {
  private readonly streams: TraceStreams
  private readonly trigger: RegExp
  private readonly lineTrigger: RegExp
  private previous: Chunk | null = null
  private current: Chunk | null = null
  private pendingContext = new Map<LogLine, LogLine[]>()
  linesSeen = 0

  constructor(formats: readonly TraceFormat[], onFinding: (finding: TraceFinding) => void) {
    this.trigger = triggerRegex(formats)
    this.lineTrigger = new RegExp(this.trigger.source)
    this.streams = new TraceStreams({
      formats,
      onStart: (first) => this.pendingContext.set(first, this.contextBefore(first)),
      onEvents: (events, first) => {
        const context = this.pendingContext.get(first) ?? []
        this.pendingContext.delete(first)
        onFinding({events, first, context})
      },
    })
  }

  scan(chunk: Chunk): void {
    this.previous = this.current
    this.current = chunk
    const {text} = chunk
    let pos = 0
    let lineNo = chunk.lineNo
    while (pos < text.length) {
      if (!this.streams.busy) {
        this.trigger.lastIndex = pos
        const hit = this.trigger.exec(text)
        if (!hit) break
        const lineStart = text.lastIndexOf('\n', hit.index - 1) + 1
        lineNo += countNewlines(text, pos, lineStart)
        pos = lineStart
      }
      const lineEnd = endOfLine(text, pos)
      const mayStart = this.lineTrigger.test(text.slice(pos, lineEnd))
      this.offerLine(chunk, {start: pos, end: lineEnd, lineNo}, mayStart)
      pos = lineEnd + 1
      lineNo++
    }
    this.linesSeen = chunk.lineNo - 1 + chunk.newlines + (text.endsWith('\n') ? 0 : 1)
  }

  end(): void {
    this.streams.flush()
  }

  private offerLine(chunk: Chunk, at: {start: number; end: number; lineNo: number}, mayStart: boolean): void {
    const raw = chunk.buf.toString('utf8', at.start, at.end)
    const line = makeLine(raw, at.lineNo, chunk.offset + at.start)
    for (const virtual of expandRecord(line)) this.streams.offer(virtual, mayStart)
  }

  /** The CONTEXT_LINES lines before `first`, from the current and previous chunks. */
  private contextBefore(first: LogLine): LogLine[] {
    const lines: LogLine[] = []
    let lineNo = first.lineNo
    for (const chunk of [this.current, this.previous]) {
      if (!chunk) continue
      let end = Math.min(first.offset - chunk.offset, chunk.text.length) - 1
      while (end >= 0 && lines.length < CONTEXT_LINES) {
        const start = chunk.text.lastIndexOf('\n', end - 1) + 1
        if (chunk.offset + start >= first.offset) break
        lineNo--
        lines.push(makeLine(chunk.buf.toString('utf8', start, end), lineNo, chunk.offset + start))
        end = start - 1
      }
      if (lines.length >= CONTEXT_LINES) break
    }
    return lines.reverse()
  }
}

function endOfLine(text: string, from: number): number {
  const nl = text.indexOf('\n', from)
  return nl === -1 ? text.length : nl
}
