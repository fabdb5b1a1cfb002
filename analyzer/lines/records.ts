// Structured records whose stack is escaped inside one line (TiKV `backtrace="..."`, logfmt
// `stack="..."`, zap JSON `"stacktrace":"..."`) become one virtual line per stack line; so does a
// whole log flattened into one line with literal `\n` (copied out of a JSON string or an API) or
// `<br>` (copied out of a web page or a mail).
import type {LogLine} from '../model.js'
import {stripPrefixes} from './line.js'

/** Cheap test first: only lines holding one of these can carry an escaped stack. */
const STACK_FIELD_HINTS = ['stack', 'backtrace', 'trace']
const QUOTED_STACK_FIELD = /(?:\[|\s|^|,|\{)"?(?:stack|stacktrace|backtrace|stack_trace|trace)"?[=:]\s?"/g
const MAX_VIRTUAL_LINES = 2000
/** Literal `\n`s that make a line a flattened log rather than a message that mentions one. */
const MIN_FLATTENED_BREAKS = 3
const HTML_BREAK = /<br ?\/?>/i
const LITERAL_BREAK = new RegExp(String.raw`(?:\\r)?\\n|${HTML_BREAK.source}`, 'i')

/** Reads a double-quoted, backslash-escaped string after its opening quote; a cut record reads to the end. */
function readEscaped(text: string, start: number): {value: string; end: number} {
  let value = ''
  for (let i = start; i < text.length; i++) {
    const c = text[i]
    if (c === '"') return {value, end: i + 1}
    if (c !== '\\') {
      value += c
      continue
    }
    const next = text[++i]
    if (next === 'n') value += '\n'
    else if (next === 't') value += '\t'
    else if (next === 'r') continue
    else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) {
      value += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16))
      i += 4
    } else if (next !== undefined) value += next
  }
  return {value, end: text.length}
}

/**
 * The virtual lines of a record with an escaped multi-line stack: the record without the field,
 * then the stack's lines; the line itself when it has none.
 */
export function expandRecord(line: LogLine): LogLine[] {
  const {text} = line
  if (!text.includes('\\n')) return HTML_BREAK.test(text) ? (flattened(line) ?? [line]) : [line]
  return (STACK_FIELD_HINTS.some((h) => text.includes(h)) ? stackField(line) : null) ?? flattened(line) ?? [line]
}

/** The record without its escaped stack field, then the stack's lines; null when it has none. */
function stackField(line: LogLine): LogLine[] | null {
  const {text} = line
  QUOTED_STACK_FIELD.lastIndex = 0
  for (let m = QUOTED_STACK_FIELD.exec(text); m; m = QUOTED_STACK_FIELD.exec(text)) {
    const body = readEscaped(text, m.index + m[0].length)
    if (!body.value.includes('\n')) continue
    const lead = m[0][0]!
    const fieldStart = m.index + (lead === '{' || /\s/.test(lead) ? 1 : 0)
    const rest = (text.slice(0, fieldStart) + text.slice(body.end).replace(/^\]/, '')).replace(/\s{2,}/g, ' ').trim()
    const stackLines = body.value.split('\n').slice(0, MAX_VIRTUAL_LINES)
    return [{...line, text: rest}, ...stackLines.map((t) => ({...line, raw: t, text: t, fromField: true}))]
  }
  return null
}

/**
 * A log whose line breaks were escaped into one line: its lines again. The first keeps what the
 * line's prefixes said; each other sets aside its own, staying on the line's node and time when it names none.
 */
function flattened(line: LogLine): LogLine[] | null {
  const pieces = line.text.split(LITERAL_BREAK)
  if (pieces.length <= MIN_FLATTENED_BREAKS) return null
  const unescape = (piece: string) => piece.replace(/\\t/g, '\t').replace(/\\"/g, '"')
  return pieces.slice(0, MAX_VIRTUAL_LINES).map((piece, i) => {
    if (i === 0) return {...line, raw: unescape(line.raw.split(LITERAL_BREAK)[0]!), text: unescape(piece)}
    const raw = unescape(piece)
    const own = stripPrefixes(raw)
    return {...line, ...own, raw, node: own.node ?? line.node, time: own.time ?? line.time}
  })
}
