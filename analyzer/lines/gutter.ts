// Line numbers a viewer, pastebin or grep printed before every line (`cat -n`, `less -N`, `nl`,
// `grep -n`'s `12:` on matches and `13-` on context lines), found from the bytes of a chunk: only
// numbers that count up line after line on most of its first lines make a gutter, so a Ceph frame
// (` 1: (BlueStore::read`), a gdb frame (`#1`), a time of day (`10:00:01`) or a numbered list
// inside a log is never taken for one. A quote around the numbered paste stays for the prefix table.
import {CR, SPACE, TAB, lineEnd} from './bytes.js'
import {QUOTE_MARKERS} from './prefixes.js'

const QUOTE = 62
const DIGIT_0 = 48
const DIGIT_9 = 57
const COLON = 58
const DASH = 45
/** Lines looked at from a chunk's start: enough to see a gutter, few enough to keep idle text flat. */
const SAMPLE_LINES = 32
/** Longest number a gutter prints (a 10-billion-line paste is not a paste). */
const MAX_DIGITS = 9
/** Widest run of spaces before the number (right-aligned numbers: `cat -n` pads to 6). */
const MAX_PAD = 12
/** Share of the sampled lines that must carry the next number for the chunk to have a gutter. */
const MIN_SHARE = 0.75
/** Below this many sampled lines every line must count up (a lone line: carry its own line number). */
const MIN_LINES = 3

/** How the numbers of a chunk are set off from the text: a tab, or a run of spaces; grep's `:` or `-`, and spaces. */
export interface Gutter {
  /** The characters between the number and the line's text: `\t`, or N spaces (the line's own indentation follows). */
  separator: string
  /** grep's style: the number is flush left and `:` or `-` comes before the separator. */
  grep?: true
}

/** The number at a line's start and what follows it, or null when the line does not start with one. */
interface NumberedLine {
  value: number
  /** A tab, the count of spaces after the number (or after grep's `:`/`-`), or 0 when the line ends right after it. */
  after: '\t' | number
  /** The number is followed by `:` or `-`, as grep -n prints it. */
  grep: boolean
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= DIGIT_0 && c <= DIGIT_9

/**
 * After grep's `:`/`-` at `i` (the number had `digits` digits): its spaces, or null when the number
 * starts something else: a time of day (`10:00:01`), a date (`2026-11-21`). A Ceph frame (` 1: (`)
 * is indented: grep's numbers are flush left.
 */
function grepSpaces(buf: Uint8Array, i: number, end: number, digits: number): number | null {
  const punct = buf[i - 1]
  const twoDigitsThen = (c: number): boolean => i + 2 < end && isDigit(buf[i]) && isDigit(buf[i + 1]) && buf[i + 2] === c
  if ((punct === COLON && digits <= 2 && twoDigitsThen(COLON)) || (punct === DASH && digits === 4 && twoDigitsThen(DASH))) return null
  let spaces = 0
  while (i + spaces < end && buf[i + spaces] === SPACE) spaces++
  return spaces
}

function readNumbered(buf: Uint8Array, start: number, end: number): NumberedLine | null {
  let i = start
  while (i < end && buf[i] === QUOTE) i += buf[i + 1] === SPACE ? 2 : 1
  const padStart = i
  while (i < end && buf[i] === SPACE && i - padStart <= MAX_PAD) i++
  const digitsStart = i
  let value = 0
  while (i < end && buf[i]! >= DIGIT_0 && buf[i]! <= DIGIT_9 && i - digitsStart < MAX_DIGITS) value = value * 10 + buf[i++]! - DIGIT_0
  if (i === digitsStart) return null
  if (i === end || (buf[i] === CR && i + 1 === end)) return {value, after: 0, grep: false}
  if (buf[i] === TAB) return {value, after: '\t', grep: false}
  if ((buf[i] === COLON || buf[i] === DASH) && digitsStart === padStart) {
    const spaces = grepSpaces(buf, i + 1, end, i - digitsStart)
    return spaces === null ? null : {value, after: spaces, grep: true}
  }
  let spaces = 0
  while (i + spaces < end && buf[i + spaces] === SPACE) spaces++
  return spaces > 0 ? {value, after: spaces, grep: false} : null
}

/** What the first lines of a chunk say about line numbers before them. */
interface Sample {
  lines: number
  /** Lines numbered one more than the line before them. */
  counting: number
  first: NumberedLine | null
  tabs: number
  /** Counting lines numbered as grep does. */
  grep: number
  narrowest: number
}

function sampleLines(buf: Uint8Array): Sample {
  const sample: Sample = {lines: 0, counting: 0, first: null, tabs: 0, grep: 0, narrowest: Infinity}
  let previous: number | null = null
  for (let start = 0; start < buf.length && sample.lines < SAMPLE_LINES; sample.lines++) {
    const end = lineEnd(buf, start)
    const numbered = readNumbered(buf, start, end)
    if (sample.lines === 0) sample.first = numbered
    const counts = numbered !== null && previous !== null && numbered.value === previous + 1
    if (counts) sample.counting++
    // The first line's separator counts too: a one-line chunk has no other.
    if (numbered && (counts || sample.lines === 0)) {
      if (numbered.grep) sample.grep++
      if (numbered.after === '\t') sample.tabs++
      else if (numbered.after > 0 || numbered.grep) sample.narrowest = Math.min(sample.narrowest, numbered.after)
    }
    previous = numbered?.value ?? null
    start = end + 1
  }
  return sample
}

export interface GutterContext {
  /** The gutter of the chunk before, which a chunk too short to tell goes on with. */
  previous?: Gutter | null
  /** The source's number of the chunk's first line, when known. */
  firstLineNo?: number
}

/**
 * The gutter of a chunk: most of its first lines start with a number one more than the line
 * before's. A chunk too short to tell goes on with the chunk before's, or has one when every line
 * counts up (a lone line: from its own line number). The narrowest separator seen is the gutter's:
 * indentation after it stays the line's.
 */
export function detectGutter(buf: Uint8Array, context: GutterContext = {}): Gutter | null {
  const sample = sampleLines(buf)
  if (sample.first === null) return null
  if (sample.lines < MIN_LINES) {
    // Its few separators say less than the chunk before's (a lone frame's indentation looks like one).
    if (context.previous) return context.previous
    const countsUp = sample.counting === sample.lines - 1 && (sample.lines > 1 || sample.first.value === context.firstLineNo)
    if (!countsUp) return null
  } else if (sample.counting < MIN_SHARE * (sample.lines - 1)) {
    // The first line has no line before it to count from.
    return null
  }
  if (sample.grep * 2 >= sample.counting + 1) return {separator: ' '.repeat(Number.isFinite(sample.narrowest) ? sample.narrowest : 0), grep: true}
  if (sample.tabs * 2 >= sample.counting + 1) return {separator: '\t'}
  return Number.isFinite(sample.narrowest) ? {separator: ' '.repeat(sample.narrowest)} : null
}

const patterns = new Map<string, RegExp>()

/** The line without its gutter number (a quote before it kept); the line itself when it does not start like the gutter. */
export function stripGutter(line: string, gutter: Gutter): string {
  const key = `${gutter.grep ? 'grep' : ''}${gutter.separator}`
  let re = patterns.get(key)
  if (!re) {
    re = gutter.grep
      ? new RegExp(String.raw`^((?:${QUOTE_MARKERS})?)\d{1,${MAX_DIGITS}}(?:[:-]${gutter.separator}|\s*$)`)
      : new RegExp(String.raw`^((?:${QUOTE_MARKERS})?) {0,${MAX_PAD}}\d{1,${MAX_DIGITS}}(?:${gutter.separator}|\s*$)`)
    patterns.set(key, re)
  }
  const m = re.exec(line)
  return m ? m[1]! + line.slice(m[0].length) : line
}
