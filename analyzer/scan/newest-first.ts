// Logs pasted newest first (journalctl -r, Kibana's and Grafana Explore's default order, logcli's
// default direction) hold every crash upside down. An input whose timed lines mostly go back in
// time is read in reverse when it is small enough to hold, and its report keeps the file's line numbers.
import type {Chunk} from '../input/chunks.js'
import {detectLayout, makeLine} from '../lines/line.js'
import type {CrashReport} from '../report/types.js'

/** Inputs up to this size are held and reversed; bigger ones are read as they come. */
export const MAX_REVERSED_BYTES = 16 << 20
/** Lines of the first chunk whose times are compared. */
const SAMPLE_LINES = 400
/** Steps back in time needed, and how many times more often than steps forward. */
const MIN_STEPS_BACK = 4
const BACK_TO_FORWARD = 4
const NEWLINE = 10

/** Do the timed lines at the start of `buf` mostly go back in time? */
export function isNewestFirst(buf: Buffer): boolean {
  let back = 0
  let forward = 0
  let previous: number | null = null
  // Read as the scan reads lines: a paste's layout, colours and shippers' JSON records included.
  const layout = detectLayout(buf)
  for (let start = 0, n = 0; start < buf.length && n < SAMPLE_LINES; n++) {
    const nl = buf.indexOf(NEWLINE, start)
    const end = nl === -1 ? buf.length : nl
    const {time} = makeLine(buf.toString('utf8', start, end), n + 1, start, layout)
    if (time !== null) {
      if (previous !== null && time < previous) back++
      else if (previous !== null && time > previous) forward++
      previous = time
    }
    start = end + 1
  }
  return back >= MIN_STEPS_BACK && back >= BACK_TO_FORWARD * forward
}

/** The lines of `buf` in reverse order, each ending in a newline. */
export function reverseLines(buf: Buffer): {reversed: Buffer; lines: number} {
  const ends: number[] = []
  for (let i = buf.indexOf(NEWLINE); i !== -1; i = buf.indexOf(NEWLINE, i + 1)) ends.push(i)
  if (buf.length > 0 && buf[buf.length - 1] !== NEWLINE) ends.push(buf.length)
  const reversed = Buffer.allocUnsafe(buf.length + (buf[buf.length - 1] === NEWLINE || buf.length === 0 ? 0 : 1))
  let at = 0
  for (let k = ends.length - 1; k >= 0; k--) {
    const start = k === 0 ? 0 : ends[k - 1]! + 1
    at += buf.copy(reversed, at, start, ends[k])
    reversed[at++] = NEWLINE
  }
  return {reversed, lines: ends.length}
}

/** A crash found in the reversed text, with the line numbers of the file as it was given. */
export function inFileOrder(report: CrashReport, lines: number): CrashReport {
  const back = (n: number): number => lines - n + 1
  const evidence = report.diagnosis.evidence.map((e) => ({...e, line: back(e.line)})).sort((a, b) => a.line - b.line)
  return {...report, lines: {start: back(report.lines.end), end: back(report.lines.start)}, facts: {...report.facts, newestFirst: true}, diagnosis: {...report.diagnosis, evidence}}
}

/**
 * The whole input as one buffer when its first chunk reads newest first and it fits in
 * MAX_REVERSED_BYTES; otherwise null, with `rest` still yielding every chunk (the first included).
 */
export async function holdNewestFirst(chunks: AsyncIterator<Chunk>): Promise<{whole: Buffer | null; rest: AsyncIterable<Chunk>}> {
  const held: Chunk[] = []
  let size = 0
  const first = await chunks.next()
  if (!first.done) {
    held.push(first.value)
    size = first.value.buf.length
  }
  if (!first.done && isNewestFirst(first.value.buf)) {
    // Chunks are views of reused read buffers: the ones held while reading on are copied.
    held[0] = {buf: Buffer.from(first.value.buf), offset: first.value.offset}
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      held.push({buf: Buffer.from(next.value.buf), offset: next.value.offset})
      size += next.value.buf.length
      if (size > MAX_REVERSED_BYTES) break
    }
    if (size <= MAX_REVERSED_BYTES) return {whole: Buffer.concat(held.map((c) => c.buf)), rest: (async function* () {})()}
  }
  const rest = (async function* () {
    yield* held
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value
  })()
  return {whole: null, rest}
}
