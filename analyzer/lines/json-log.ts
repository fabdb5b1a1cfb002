// One JSON record per line that wraps a line a program wrote: Docker's json-file driver and fluentd
// ({"log":"panic: x\n","stream":"stderr","time":"..."}), Filebeat/Logstash/Vector documents exported
// from Elasticsearch ({"@timestamp":"...","host":{"name":"n1"},"message":"panic: x"}), journald's
// `-o json` ({"MESSAGE":"...","_HOSTNAME":"n1","__REALTIME_TIMESTAMP":"1763719200000000"}) and
// Loki's `logcli -o jsonl` ({"labels":{"pod":"kv-0"},"line":"...","timestamp":"..."}).
// The wrapped text is the line; the engine only decodes lines it builds.
import {parseTimestamp} from './timestamps.js'

const OPEN_BRACE = 0x7b

/** Fields that hold the wrapped line, most specific first. */
const LINE_KEYS = ['log', 'MESSAGE', 'message', 'line'] as const
/**
 * A record with one of these beside its `message` is a program's own structured record (a Java
 * logstash encoder, a zap record), not a wrapper: its stack must stay for the record reader.
 */
const STACK_KEYS = ['stack', 'stacktrace', 'stack_trace', 'backtrace', 'exception', 'error.stack_trace']

export interface JsonLogRecord {
  /** What the program wrote, without the newline the runtime kept. */
  text: string
  time: number | null
  /** The host, pod or container the wrapper names. */
  node: string | null
  /** `stdout` or `stderr`, when the record says. */
  stream: string | null
}

type Json = Record<string, unknown>

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

/** A value by dotted path, whether the record nests it (`{"host":{"name":..}}`) or flattens it (`{"host.name":..}`). */
function field(record: Json, path: string): unknown {
  if (path in record) return record[path]
  let value: unknown = record
  for (const key of path.split('.')) value = isObject(value) ? value[key] : undefined
  return value
}

function timeOf(record: Json): number | null {
  const micros = str(record.__REALTIME_TIMESTAMP)
  if (micros && /^\d{13,17}$/.test(micros)) return Math.floor(Number(micros) / 1000)
  for (const key of ['time', '@timestamp', 'timestamp']) {
    const text = str(record[key])
    if (text) return parseTimestamp(text)
  }
  return null
}

const NODE_PATHS = ['_HOSTNAME', 'kubernetes.pod.name', 'kubernetes.pod_name', 'labels.pod', 'labels.instance', 'labels.host', 'host.name', 'host.hostname', 'hostname', 'host', 'container.name', 'container_name']

function nodeOf(record: Json): string | null {
  for (const path of NODE_PATHS) {
    const value = str(field(record, path))
    if (value) return value
  }
  return null
}

/** The record a line holds when it is exactly one JSON object wrapping a line; null otherwise. */
export function decodeJsonLogRecord(line: string): JsonLogRecord | null {
  // Cheap tests first: most lines built are not records at all.
  if (line.charCodeAt(0) !== OPEN_BRACE || !line.trimEnd().endsWith('}') || !LINE_KEYS.some((key) => line.includes(`"${key}"`))) return null
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return null
  }
  if (!isObject(value)) return null
  const key = LINE_KEYS.find((k) => typeof value[k] === 'string')
  if (key === undefined) return null
  if (key !== 'log' && STACK_KEYS.some((k) => field(value, k) !== undefined)) return null
  return {
    text: (value[key] as string).replace(/\r?\n$/, ''),
    time: timeOf(value),
    node: nodeOf(value),
    stream: str(value.stream),
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
