// The indentation a paste put before every line (a markdown code block indents a whole log by 4
// spaces or a tab), found per chunk like the gutter: set aside before the gutter, quote and prefix
// steps so that a prefix it hid anchors again, each line's own indentation kept after it. A chunk
// whose lines are all indented content (glog `    @ 0x...` frames, Go `\t/path.go:12` lines) has
// no line left at column 0 that was not a frame, and keeps its indentation.
import {CR, NEWLINE, SPACE, TAB} from './bytes.js'
import {PREFIX_PATTERNS} from './prefixes.js'

/** Non-blank lines looked at from a chunk's start. */
const SAMPLE_LINES = 64
/** Narrowest run of spaces a paste indents by (a markdown indented code block). */
const MIN_SPACES = 4
/** Widest indentation taken for a paste's (a code block in a list item); deeper is the log's own (coredumpctl). */
const MAX_SPACES = 8
/** Share of the sampled non-blank lines that must carry the indentation. */
const MIN_SHARE = 0.95

/** The characters a paste put before each of a chunk's lines: a tab, or N spaces. */
export interface Indent {
  prefix: string
}

/** Leading spaces and tabs of the line at [start, end), and whether it is blank. */
function leading(buf: Uint8Array, start: number, end: number): {spaces: number; tab: boolean; blank: boolean} {
  let i = start
  while (i < end && buf[i] === SPACE) i++
  const spaces = i - start
  const tab = spaces === 0 && buf[i] === TAB
  let j = i
  while (j < end && (buf[j] === SPACE || buf[j] === TAB || buf[j] === CR)) j++
  return {spaces, tab, blank: j === end}
}

interface Sample {
  lines: string[]
  tabs: number
  /** Narrowest run of at least MIN_SPACES leading spaces, and how many lines have one. */
  narrowest: number
  spaced: number
}

function sampleLines(buf: Uint8Array): Sample {
  const sample: Sample = {lines: [], tabs: 0, narrowest: Infinity, spaced: 0}
  for (let start = 0; start < buf.length && sample.lines.length < SAMPLE_LINES; ) {
    const nl = buf.indexOf(NEWLINE, start)
    const end = nl === -1 ? buf.length : nl
    const lead = leading(buf, start, end)
    if (!lead.blank) {
      sample.lines.push(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8'))
      if (lead.tab) sample.tabs++
      if (lead.spaces >= MIN_SPACES) {
        sample.spaced++
        sample.narrowest = Math.min(sample.narrowest, lead.spaces)
      }
    }
    start = end + 1
  }
  return sample
}

const ANCHORED_PREFIXES = PREFIX_PATTERNS.filter((entry) => !entry.outermost)

/**
 * Whether the sampled lines, their indentation set aside, read like a log rather than indented
 * content: some line is left at column 0 and either another stays deeper (headers over frames) or
 * one starts with a prefix of the table (a log line whose prefix the indentation hid).
 */
function readsAsLog(lines: readonly string[], indent: Indent): boolean {
  let flush = false
  let deeper = false
  let prefixed = false
  for (const line of lines) {
    const body = stripIndent(line, indent)
    const first = body.charCodeAt(0)
    if (first === SPACE || first === TAB) {
      deeper = true
      continue
    }
    flush = true
    if (!prefixed) prefixed = ANCHORED_PREFIXES.some((entry) => entry.re.test(body))
  }
  return flush && (deeper || prefixed)
}

/**
 * The indentation of a chunk: (nearly) every non-blank line among its first starts with the same
 * tab or run of at least MIN_SPACES spaces, and set aside it leaves lines that read like a log. A
 * chunk that is all indented content goes on with the chunk before's indentation, if its lines carry it.
 */
export function detectIndent(buf: Uint8Array, previous: Indent | null = null): Indent | null {
  const sample = sampleLines(buf)
  const needed = Math.ceil(MIN_SHARE * sample.lines.length)
  if (sample.lines.length === 0) return previous
  let indent: Indent | null = null
  if (sample.tabs >= needed) indent = {prefix: '\t'}
  else if (sample.spaced >= needed && sample.narrowest <= MAX_SPACES) indent = {prefix: ' '.repeat(sample.narrowest)}
  if (indent === null) return null
  if (readsAsLog(sample.lines, indent)) return indent
  return previous !== null && sample.lines.every((line) => line.startsWith(previous.prefix)) ? previous : null
}

/** The line without the chunk's indentation; the line itself when it does not start with it. */
export function stripIndent(line: string, indent: Indent): string {
  return line.startsWith(indent.prefix) ? line.slice(indent.prefix.length) : line
}
