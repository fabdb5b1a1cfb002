import {countLines, type Chunk} from '../input/chunks.js'
import type {TraceFormat, TraceStage} from '../formats/types.js'
import {cutLine, detectLayout, makeLine, MAX_LINE_CHARS, MAX_RECORD_CHARS, type PasteLayout} from '../lines/line.js'
import {jsonEscapedForms} from '../lines/json-log.js'
import {expandRecord} from '../lines/records.js'
import {joinPieces, wrappedLineEnd, wrappedLineStart} from '../lines/wrap.js'
import type {LogLine, TraceEvent} from '../model.js'
import {TraceStreams} from './trace-streams.js'
import {TriggerAutomaton} from './trigger-automaton.js'

/** Lines before a trace kept as its context (filtered to the trace's node later). */
export const CONTEXT_LINES = 200
const NEWLINE = 10

/** What the scanner hands on: the events of one trace and the lines before it. */
export interface TraceFinding {
  events: TraceEvent[]
  first: LogLine
  /** The node the trace's lines came from (its first line may have lost its prefix). */
  node: string | null
  stage: TraceStage
  context: LogLine[]
  /** The first lines the trace took (capped), to cite as evidence. */
  lines: LogLine[]
}

export function triggerWords(formats: readonly TraceFormat[]): string[] {
  return [...new Set(formats.flatMap((f) => f.triggers))]
}

const automata = new WeakMap<readonly TraceFormat[], TriggerAutomaton>()

/** One automaton per list of formats: building it takes milliseconds, a directory may hold thousands of logs. */
function automatonFor(formats: readonly TraceFormat[]): TriggerAutomaton {
  let automaton = automata.get(formats)
  if (!automaton) {
    // Inside a JSON log record a trigger is escaped (`<signal handler called>` reads `\u003csignal...`).
    const words = triggerWords(formats)
    automaton = new TriggerAutomaton([...words, ...words.flatMap(jsonEscapedForms)])
    automata.set(formats, automaton)
  }
  return automaton
}

/**
 * Feeds one source's chunks to the trace parsers. While no trace is open it jumps from trigger to
 * trigger with the automaton, counting lines without building them; inside a trace it looks at
 * every line.
 */
export class SourceScanner {
  private readonly streams: TraceStreams
  private readonly automaton: TriggerAutomaton
  private previous: Chunk | null = null
  private current: Chunk | null = null
  /** Line numbers of the first lines of `previous` and `current`. */
  private previousLineNo = 1
  private currentLineNo = 1
  /** Line numbers and indentation pasted around the lines of `previous` and `current`, if any. */
  private previousLayout: PasteLayout = {}
  private currentLayout: PasteLayout = {}
  private readonly pendingContext = new Map<LogLine, LogLine[]>()
  /** The lines a record expanded into (a flattened log, an escaped stack) offered so far: context no byte offset can reach. */
  private recordLines: LogLine[] = []
  /** Line number of the next line to scan. */
  private nextLineNo = 1
  private longLines = 0

  constructor(formats: readonly TraceFormat[], onFinding: (finding: TraceFinding) => void) {
    this.automaton = automatonFor(formats)
    this.streams = new TraceStreams({
      formats,
      onStart: (first) => this.pendingContext.set(first, this.contextBefore(first)),
      onEvents: (events, {first, lines, node, format}) => {
        const context = this.pendingContext.get(first) ?? []
        this.pendingContext.delete(first)
        onFinding({events, first, node, stage: format.stage, context, lines})
      },
    })
  }

  /** Lines scanned so far, and how many were longer than the matching limit. */
  get lines(): {count: number; cut: number} {
    return {count: this.nextLineNo - 1, cut: this.longLines}
  }

  /** True while a trace is open (it may go on in the next chunk). */
  get busy(): boolean {
    return this.streams.busy
  }

  /** The first line of the oldest open trace (a tailer resumes there after a restart). */
  get openSince(): LogLine | null {
    return this.streams.oldestOpenLine
  }

  /**
   * Chunks before the scanned range: context only, never scanned. With `firstLineNo` its lines are
   * numbered and scanning goes on right after it (a tailer resuming, or keeping context across appends).
   */
  prime(chunk: Chunk, firstLineNo = Number.NaN): void {
    // Lines before the range have no line number of their own here: never cited as "after".
    this.enter(chunk, firstLineNo)
    if (Number.isNaN(firstLineNo)) return
    this.nextLineNo = firstLineNo + countLines(chunk.buf)
  }

  scan(chunk: Chunk): void {
    this.enter(chunk, this.nextLineNo)
    const {buf} = chunk
    let pos = 0
    while (pos < buf.length) {
      if (!this.streams.busy) {
        const hit = this.automaton.scan(buf, pos, buf.length, MAX_LINE_CHARS)
        this.longLines += hit.longLines
        if (hit.end === -1) {
          this.nextLineNo += hit.newlines + (buf[buf.length - 1] === NEWLINE ? 0 : 1)
          return
        }
        this.nextLineNo += hit.newlines
        const hitLine = buf.lastIndexOf(NEWLINE, hit.end - 1) + 1
        // A trigger on the tail of a wrapped line: the line starts at its first piece.
        const back = wrappedLineStart(buf, pos, hitLine)
        this.nextLineNo -= back.pieces
        pos = back.start
      }
      pos = this.offerLine(chunk, pos) + 1
    }
  }

  /** Makes `chunk` the current one, its first line numbered `firstLineNo` (NaN: none). */
  private enter(chunk: Chunk, firstLineNo: number): void {
    this.previous = this.current
    this.current = chunk
    this.previousLineNo = this.currentLineNo
    this.currentLineNo = firstLineNo
    this.previousLayout = this.currentLayout
    this.currentLayout = detectLayout(chunk.buf, this.previousLayout, firstLineNo)
  }

  end(): void {
    this.streams.flush()
  }

  /** Offers the logical line starting at `start` (its wrapped pieces joined); returns where it ends. */
  private offerLine(chunk: Chunk, start: number): number {
    const {end, pieces} = wrappedLineEnd(chunk.buf, start)
    if (end - start > MAX_LINE_CHARS) this.longLines++
    const text = pieces === 1 ? chunk.buf.toString('utf8', start, Math.min(end, start + MAX_RECORD_CHARS)) : joinPieces(chunk.buf, start, Math.min(end, start + MAX_RECORD_CHARS))
    // Joined, a trigger the wrap had cut in two is whole again.
    const mayStart = pieces === 1 ? this.automaton.test(chunk.buf, start, end) : this.automaton.test(Buffer.from(text), 0, Buffer.byteLength(text))
    const line = makeLine(text, this.nextLineNo, chunk.offset + start, {...this.currentLayout, maxChars: MAX_RECORD_CHARS})
    this.nextLineNo += pieces
    const virtuals = expandRecord(line)
    for (const virtual of virtuals) {
      const cut = cutLine(virtual)
      this.streams.offer(cut, mayStart)
      if (virtuals.length > 1) this.recordLines.push(cut)
    }
    this.recordLines = []
    return end
  }

  /** Up to `count` lines after line `lineNo`, from what the previous and current chunks hold. */
  linesAfter(lineNo: number, count: number): LogLine[] {
    const lines: LogLine[] = []
    const chunks: [Chunk | null, number, PasteLayout][] = [[this.previous, this.previousLineNo, this.previousLayout], [this.current, this.currentLineNo, this.currentLayout]]
    for (const [chunk, firstLineNo, layout] of chunks) {
      if (!chunk || Number.isNaN(firstLineNo)) continue
      let n = firstLineNo
      let pos = 0
      while (pos < chunk.buf.length && lines.length < count) {
        const nl = chunk.buf.indexOf(NEWLINE, pos)
        const end = nl === -1 ? chunk.buf.length : nl
        if (n > lineNo) lines.push(makeLine(chunk.buf.toString('utf8', pos, Math.min(end, pos + MAX_LINE_CHARS * 4)), n, chunk.offset + pos, layout))
        n++
        pos = end + 1
      }
    }
    return lines
  }

  /**
   * The CONTEXT_LINES lines before `first`, from the current and previous chunks; when `first` is one
   * of the lines a record expanded into, the record's lines before it come last.
   */
  private contextBefore(first: LogLine): LogLine[] {
    const lines = this.linesBefore(first)
    if (this.recordLines.length === 0 || this.recordLines[0]!.offset !== first.offset) return lines
    const at = this.recordLines.indexOf(first)
    const inRecord = at === -1 ? this.recordLines : this.recordLines.slice(0, at)
    return [...lines, ...inRecord].slice(-CONTEXT_LINES)
  }

  /** The CONTEXT_LINES lines before the byte offset of `first`, from the current and previous chunks. */
  private linesBefore(first: LogLine): LogLine[] {
    const lines: LogLine[] = []
    let lineNo = first.lineNo
    const chunks: [Chunk | null, PasteLayout][] = [[this.current, this.currentLayout], [this.previous, this.previousLayout]]
    for (const [chunk, layout] of chunks) {
      if (!chunk || chunk.offset >= first.offset) continue
      let end = Math.min(first.offset - chunk.offset, chunk.buf.length) - 1
      while (end >= 0 && lines.length < CONTEXT_LINES) {
        const start = end === 0 ? 0 : chunk.buf.lastIndexOf(NEWLINE, end - 1) + 1
        lines.push(makeLine(chunk.buf.toString('utf8', start, Math.min(end, start + MAX_LINE_CHARS * 4)), --lineNo, chunk.offset + start, layout))
        end = start - 1
      }
      if (lines.length >= CONTEXT_LINES) break
    }
    return lines.reverse()
  }
}
