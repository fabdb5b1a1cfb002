import stripAnsi from 'strip-ansi'
import type {LogLine} from '../model.js'
import {detectGutter, stripGutter, type Gutter} from './gutter.js'
import {detectIndent, stripIndent, type Indent} from './indent.js'
import {decodeJsonLogRecord} from './json-log.js'
import {PREFIX_PATTERNS} from './prefixes.js'
import {parseTimestamp} from './timestamps.js'

/** Longest line text parsers and rules match against; longer lines are cut and flagged. */
export const MAX_LINE_CHARS = 8192
/** Longest record read whole, so that an escaped stack in it can be unescaped before cutting. */
export const MAX_RECORD_CHARS = 256 * 1024
const MAX_PREFIX_ROUNDS = 6

interface PrefixFields {
  text: string
  time: number | null
  level: string | null
  node: string | null
  origin: string | null
}

/** Sets aside the prefixes of PREFIX_PATTERNS, outermost first, keeping what they said. */
export function stripPrefixes(raw: string): PrefixFields {
  const out: PrefixFields = {text: raw, time: null, level: null, node: null, origin: null}
  for (let round = 0; round < MAX_PREFIX_ROUNDS; round++) {
    let matched = false
    for (const entry of PREFIX_PATTERNS) {
      if (entry.outermost && round > 0) continue
      const m = entry.re.exec(out.text)
      if (!m || m[0].length === 0) continue
      const g = m.groups ?? {}
      if (g.node && out.node === null) out.node = g.node
      if (g.ts && out.time === null) out.time = parseTimestamp(g.ts)
      const level = g.level ?? g.level2
      if (level && out.level === null) out.level = level.toUpperCase()
      if (g.origin && out.origin === null) out.origin = g.origin
      out.text = out.text.slice(m[0].length)
      matched = true
      break
    }
    if (!matched) break
  }
  return out
}

export interface MakeLineOptions {
  /** Where the line is cut (MAX_LINE_CHARS unless told). */
  maxChars?: number
  /** The line numbers its chunk was pasted with (see gutter.ts), set aside before any prefix. */
  gutter?: Gutter | null
  /** The indentation its chunk was pasted with (see indent.ts), set aside before the gutter. */
  indent?: Indent | null
}

/** What a paste put around each line of a chunk, found once per chunk. */
export type PasteLayout = Pick<MakeLineOptions, 'gutter' | 'indent'>

/** The layout of a chunk's paste, going on with the chunk before's where the chunk cannot tell. */
export function detectLayout(buf: Uint8Array, previous: PasteLayout = {}, firstLineNo?: number): PasteLayout {
  return {gutter: detectGutter(buf, {previous: previous.gutter ?? null, firstLineNo}), indent: detectIndent(buf, previous.indent ?? null)}
}

const ESC = '\u001b'
const BOM = '\ufeff'
/** Colours and text attributes (SGR): how a coloured logger or a copied terminal looks, nothing more. */
const SGR = /\u001b\[[\d;:]{0,32}m/g

/** The line as read, without a CR, a byte-order mark or colours; other escape sequences stay, to be shown as text. */
function readable(rawLine: string): string {
  let raw = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine
  if (raw.includes(ESC)) raw = raw.replace(SGR, '')
  return raw.startsWith(BOM) ? raw.slice(1) : raw
}

/** A LogLine from one physical line's text (without its newline), cut at `maxChars`. */
export function makeLine(rawLine: string, lineNo: number, offset: number, options: MakeLineOptions = {}): LogLine {
  const {maxChars = MAX_LINE_CHARS, gutter = null, indent = null} = options
  let raw = readable(rawLine)
  const cut = raw.length > maxChars
  if (cut) raw = raw.slice(0, maxChars)
  // What parsers match: no escape sequence at all (a cursor move or a title is no part of a message).
  const plain = raw.includes(ESC) ? stripAnsi(raw) : raw
  const unindented = indent ? stripIndent(plain, indent) : plain
  const body = gutter ? stripGutter(unindented, gutter) : unindented
  const record = decodeJsonLogRecord(body)
  if (record === null) return {lineNo, offset, raw, cut, ...stripPrefixes(body)}
  // A JSON record wrapping the line: its text is the line (raw stays as read); its time and node are the outermost prefix's, as for any prefix.
  const fields = stripPrefixes(record.text)
  return {lineNo, offset, raw, cut, ...fields, time: record.time ?? fields.time, node: record.node ?? fields.node}
}

/** The line with raw and text cut at MAX_LINE_CHARS, as parsers and rules see it. */
export function cutLine(line: LogLine): LogLine {
  if (line.raw.length <= MAX_LINE_CHARS && line.text.length <= MAX_LINE_CHARS) return line
  return {...line, raw: line.raw.slice(0, MAX_LINE_CHARS), text: line.text.slice(0, MAX_LINE_CHARS), cut: true}
}

/** LogLines of a whole text, for tests and small inputs; offsets count UTF-8 bytes. */
export function linesOf(text: string, firstLineNo = 1): LogLine[] {
  const lines: LogLine[] = []
  let offset = 0
  const layout = detectLayout(Buffer.from(text))
  const parts = text.split('\n')
  if (parts.at(-1) === '') parts.pop()
  for (const [i, part] of parts.entries()) {
    lines.push(makeLine(part, firstLineNo + i, offset, layout))
    offset += Buffer.byteLength(part) + 1
  }
  return lines
}
