// Container runtimes' JSON log files (Docker's json-file driver, fluentd's `log` records) hold one
// record per line: {"log":"panic: x\n","stream":"stderr","time":"2026-11-21T10:00:00.000001Z"}.
// The record's `log` text is the line the program wrote; the engine only decodes lines it builds.
import {parseTimestamp} from './timestamps.js'

const OPEN_BRACE = 0x7b
const LOG_KEY = '"log"'

export interface JsonLogRecord {
  /** What the program wrote, without the newline the runtime kept. */
  text: string
  time: number | null
  /** `stdout` or `stderr`, when the record says. */
  stream: string | null
}

/** The record a line holds when it is exactly one JSON object with a string `log` field; null otherwise. */
export function decodeJsonLogRecord(line: string): JsonLogRecord | null {
  // Cheap tests first: most lines built are not records at all.
  if (line.charCodeAt(0) !== OPEN_BRACE || !line.includes(LOG_KEY) || !line.trimEnd().endsWith('}')) return null
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const {log, time, stream} = value as Record<string, unknown>
  if (typeof log !== 'string') return null
  return {
    text: log.replace(/\r?\n$/, ''),
    time: typeof time === 'string' ? parseTimestamp(time) : null,
    stream: typeof stream === 'string' ? stream : null,
  }
}

/** Escapes Go's encoder adds to JSON's own (Docker writes `<`, `>`, `&` as \u003c...). */
const HTML_ESCAPES: Record<string, string> = {'<': '\\u003c', '>': '\\u003e', '&': '\\u0026'}

/**
 * The forms a word takes inside a JSON string (quotes, backslashes and control characters escaped;
 * then also `<>&` as Go writes them; then also non-ASCII as Python writes it), the word itself excluded.
 */
export function jsonEscapedForms(word: string): string[] {
  const plain = JSON.stringify(word).slice(1, -1)
  const html = plain.replace(/[<>&]/g, (c) => HTML_ESCAPES[c]!)
  const ascii = (s: string): string => s.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  return [...new Set([plain, html, ascii(plain), ascii(html)])].filter((form) => form !== word)
}
