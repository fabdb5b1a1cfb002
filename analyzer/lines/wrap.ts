// Lines a terminal or an issue paste cut at a fixed width, found and rejoined from the bytes around
// them. Only lines the engine builds (trace lines, trigger lines) are ever looked at.
import {CR, NEWLINE, SPACE, TAB, lineEnd} from './bytes.js'
import type {PatternTable} from '../formats/types.js'
import {stripPrefixes} from './line.js'

/** Narrower lines are not taken for a wrap (72 is the narrowest common one): short real lines of equal length are common. */
export const MIN_WRAP_WIDTH = 72
/** Lines looked at on each side of a candidate to see whether its width is the paste's wrap width. */
const EVIDENCE_LINES = 40
/** Lines at exactly the width (the candidate included) that make it a wrap width. */
const MIN_LINES_AT_WIDTH = 2
/** A wrap width stands out: more lines are exactly that wide than just narrower (real lines spread). */
const NEAR_WIDTH_BAND = 8
/** Leading characters a new record of the same kind shares with the line before it. */
const SAME_KIND_PREFIX = 8
/** Pieces one logical line may be rebuilt from. */
const MAX_PIECES = 64

/** Lines that start a record of their own: never the continuation of a wrapped line. */
export const LINE_START_PATTERNS = {
  traceHeader: {
    re: /^(?:goroutine \d+ \[|panic: |fatal error: |\[signal |created by |runtime stack:|\*\*\* |={3,}|-{3,}|#\d+ +(?:0x|\w+ \()|thread '|stack backtrace:|terminate called |Program terminated |SIG[A-Z]{2,6}: |==\d+==|Segmentation fault|Aborted|\S+: line \d+: +\d+ )/,
    examples: [
      'goroutine 1 [running]:',
      'panic: runtime error: index out of range',
      '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4]',
      '*** Aborted at 1631612426 (unix time) try "date -d @1631612426"',
      '#0  0x00007f3a in raise () from /lib64/libc.so.6',
      "thread 'main' panicked at src/main.rs:2:5:",
      'terminate called recursively',
      'Program terminated with signal SIGSEGV, Segmentation fault.',
      'SIGSEGV: segmentation violation',
      '==4242==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010',
      'Segmentation fault (core dumped)',
      './run.sh: line 1577: 112214 Segmentation fault      ./pegasus_shell',
    ],
  },
} as const satisfies PatternTable

/** A physical line: bytes [start, end), end at its newline or the buffer's end. */
interface Span {
  start: number
  end: number
}

/** Characters of a line, not bytes (UTF-8 continuation bytes and a trailing CR do not count). */
function charWidth(buf: Buffer, start: number, end: number): number {
  let stop = end
  if (stop > start && buf[stop - 1] === CR) stop--
  let n = 0
  for (let i = start; i < stop; i++) if ((buf[i]! & 0xc0) !== 0x80) n++
  return n
}


/**
 * Is `width` the width this stretch of text was cut at? The widest line around it is that wide,
 * and more than one line is exactly that wide.
 */
export function isWrapWidth(buf: Buffer, line: Span, width: number): boolean {
  if (width < MIN_WRAP_WIDTH) return false
  const count = {atWidth: 1, near: 0}
  // A record repeated word for word (a heartbeat, a retry) is one line's worth of evidence.
  const tally = (start: number, end: number): boolean => {
    const w = charWidth(buf, start, end)
    if (w === width && buf.compare(buf, line.start, line.end, start, end) !== 0) count.atWidth++
    else if (w < width && w >= width - NEAR_WIDTH_BAND) count.near++
    return w <= width
  }
  let pos = line.start
  for (let n = 0; n < EVIDENCE_LINES && pos > 0; n++) {
    const end = pos - 1
    const start = buf.lastIndexOf(NEWLINE, end - 1) + 1
    if (!tally(start, end)) return false
    pos = start
  }
  pos = line.end + 1
  for (let n = 0; n < EVIDENCE_LINES && pos < buf.length; n++) {
    const end = lineEnd(buf, pos)
    if (!tally(pos, end)) return false
    pos = end + 1
  }
  return count.atWidth >= MIN_LINES_AT_WIDTH && count.atWidth > count.near
}

/**
 * Can `text` go on the line `before` that was cut? Blank lines, indented lines, record starts and
 * lines that begin like `before` (the next record of the same kind) cannot.
 */
export function mayContinue(before: string, text: string): boolean {
  if (text.length === 0 || text === '\r') return false
  if (text.length >= SAME_KIND_PREFIX && before.startsWith(text.slice(0, SAME_KIND_PREFIX))) return false
  const fields = stripPrefixes(text)
  if (fields.time !== null || fields.node !== null || fields.level !== null) return false
  // Behind a prefix that names nothing (a quote's `> `), the line's own start decides.
  const body = fields.text
  const c0 = body.charCodeAt(0)
  if (body.length === 0 || c0 === TAB || (c0 === SPACE && body.charCodeAt(1) === SPACE)) return false
  return !LINE_START_PATTERNS.traceHeader.re.test(body)
}

/** Where the line starting at `start` ends once the pieces a wrap cut off are joined back. */
export function wrappedLineEnd(buf: Buffer, start: number): {end: number; pieces: number} {
  let end = lineEnd(buf, start)
  const width = charWidth(buf, start, end)
  let pieces = 1
  if (width < MIN_WRAP_WIDTH || end >= buf.length) return {end, pieces}
  let verified = false
  while (pieces < MAX_PIECES && end < buf.length) {
    const pieceStart = end === start ? start : buf.lastIndexOf(NEWLINE, end - 1) + 1
    if (charWidth(buf, pieceStart, end) !== width) break
    const nextEnd = lineEnd(buf, end + 1)
    const before = buf.toString('utf8', start, start + SAME_KIND_PREFIX)
    if (nextEnd === end + 1 || !mayContinue(before, buf.toString('utf8', end + 1, Math.min(nextEnd, end + 257)))) break
    if (!verified && !isWrapWidth(buf, {start, end: lineEnd(buf, start)}, width)) break
    verified = true
    end = nextEnd
    pieces++
  }
  return {end, pieces}
}

/**
 * Where the logical line holding the piece at `start` begins: earlier pieces a wrap cut off, not
 * before `from` (lines before it were already read).
 */
export function wrappedLineStart(buf: Buffer, from: number, start: number): {start: number; pieces: number} {
  let first = start
  let pieces = 0
  while (first > from && pieces < MAX_PIECES) {
    const prevStart = Math.max(from, buf.lastIndexOf(NEWLINE, first - 2) + 1)
    const prevEnd = first - 1
    const width = charWidth(buf, prevStart, prevEnd)
    if (width < MIN_WRAP_WIDTH) break
    const before = buf.toString('utf8', prevStart, prevStart + SAME_KIND_PREFIX)
    if (!mayContinue(before, buf.toString('utf8', first, Math.min(lineEnd(buf, first), first + 256)))) break
    if (!isWrapWidth(buf, {start: prevStart, end: prevEnd}, width)) break
    // Only a piece exactly as wide as the one before it can have been cut too.
    if (pieces > 0 && charWidth(buf, first, lineEnd(buf, first)) !== width) break
    first = prevStart
    pieces++
  }
  return {start: first, pieces}
}

/** The text of a logical line made of pieces: the newlines (and CRs) between them removed. */
export function joinPieces(buf: Buffer, start: number, end: number): string {
  const text = buf.toString('utf8', start, end)
  return text.includes('\n') ? text.replace(/\r?\n/g, '') : text
}
