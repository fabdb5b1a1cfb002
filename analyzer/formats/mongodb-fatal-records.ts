// mongod's log lines as records: 4.4+ logv2 JSON (`{"t":..,"s":"F",..,"msg":..,"attr":{..}}`) and pre-4.4 text
// (`F -        [conn1] message`), and the frames of the backtraces they carry.
import type {Frame} from '../model.js'
import type {PatternTable} from './types.js'

export const MONGODB_RECORD_PATTERNS = {
  // Read from the head, so that a record cut at the line limit still reads; a record flattened on its
  // escaped `\n`s (`"msg":"\n\n***aborting after fassert() failure\n\n"`) leaves a first piece that ends inside "msg".
  jsonHead: {
    re: /^\s*\{"t":\{"\$date":"[^"]*"\},\s*"s":"(?<s>[A-Z]\d?)",\s*"c":"(?<c>[^"]*)",\s*"id":(?<id>\d+),\s*"ctx":"(?<ctx>(?:[^"\\]|\\.)*)",\s*(?:"svc":"[^"]*",\s*)?"msg":"(?<msg>(?:[^"\\]|\\.)*)"?/,
    examples: [
      '{"t":{"$date":"2026-11-21T10:00:01.123+00:00"},"s":"F",  "c":"CONTROL",  "id":4757800, "ctx":"conn12","msg":"Writing fatal message","attr":{"message":"Got signal: 11 (Segmentation fault).\\n"}}',
      '{"t":{"$date":"2026-11-21T10:00:01.125+00:00"},"s":"F",  "c":"-",        "id":23092,   "ctx":"ReplWriterWorker-3","msg":"',
    ],
  },
  // The severity (F, E, W, I, D1..D5), the component (`-` for fatal messages) and the thread.
  textLine: {
    re: /^(?<s>[FEWI]|D\d?)\s+(?<c>[A-Z_]+|-)\s+\[(?<ctx>[^\]]+)\] ?(?<msg>.*)$/,
    examples: ['F -        [conn1] Invalid access at address: 0x0', 'I -        [repl writer worker 3] Fatal Assertion 16360 at src/mongo/db/repl/sync_tail.cpp 1056'],
  },
  // The text of a `Writing fatal message` record cut or flattened before its end: read up to where it stops.
  fatalMessage: {
    re: /"attr":\{"message":"(?<message>(?:[^"\\]|\\.)*)/,
    examples: ['{"t":{"$date":"2026-11-21T10:00:01.123+00:00"},"s":"F",  "c":"CONTROL",  "id":4757800, "ctx":"conn7","msg":"Writing fatal message","attr":{"message":"std::exception::what(): std::bad_alloc'],
  },
  // A BACKTRACE record's `"bt":{"backtrace":[` or the pre-4.4 blob after `----- BEGIN BACKTRACE -----`.
  backtraceArray: {
    re: /"backtrace":\s*\[/,
    examples: ['{"backtrace":[{"b":"55D3A0000000","o":"1B2C3D4","s":"_ZN5mongo15printStackTraceERSo"}],"processInfo":{}}'],
  },
} as const satisfies PatternTable

const P = MONGODB_RECORD_PATTERNS

export type Json = Record<string, unknown>

export interface MongoRecord {
  /** A 4.4+ JSON record, not a text line. */
  json: boolean
  /** F, E, W, I, D1... */
  severity: string
  /** The thread (`conn12`, `ReplWriterWorker-3`). */
  ctx: string
  msg: string
  /** The JSON record's attributes when it was read whole (of a cut one, only its fatal message); null for a text line. */
  attr: Json | null
}

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value)
export const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

function unescape(quoted: string): string {
  try {
    return JSON.parse(`"${quoted}"`) as string
  } catch {
    return quoted
  }
}

function attrOf(text: string): Json | null {
  const body = text.trim()
  try {
    const value: unknown = JSON.parse(body)
    return isObject(value) && isObject(value.attr) ? value.attr : null
  } catch {
    const message = P.fatalMessage.re.exec(body)?.groups?.message
    return message === undefined ? null : {message: unescape(message.replace(/\\$/, ''))}
  }
}

/** The record a line holds, JSON or text, or null for any other line. */
export function readRecord(text: string): MongoRecord | null {
  const json = P.jsonHead.re.exec(text)?.groups
  if (json) return {json: true, severity: json.s ?? '', ctx: unescape(json.ctx ?? ''), msg: unescape(json.msg ?? ''), attr: attrOf(text)}
  const line = P.textLine.re.exec(text)?.groups
  return line ? {json: false, severity: line.s ?? '', ctx: line.ctx ?? '', msg: line.msg ?? '', attr: null} : null
}

/** `{"a":"55D3A1B2C3D4","s":"_ZN5mongo15printStackTraceEv","C":"mongo::printStackTrace()",..}` -> Frame: demangled name first. */
export function frameOfJson(frame: Json): Frame {
  const address = str(frame.a)
  return {function: str(frame.C) ?? str(frame.s) ?? '??', file: null, line: null, module: null, address: address ? `0x${address.toLowerCase()}` : null}
}

/** The frames of the `"backtrace":[..]` array a line holds, as far as a cut line still holds whole ones. */
export function framesOfBacktraceArray(text: string): Frame[] {
  const array = P.backtraceArray.re.exec(text)
  if (!array) return []
  return arrayObjects(text, array.index + array[0].length).map(frameOfJson)
}

/** The objects of the JSON array whose items start at `start`, up to its end or the text's. */
function arrayObjects(text: string, start: number): Json[] {
  const objects: Json[] = []
  let depth = 0
  let open = -1
  let quoted = false
  for (let i = start; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '\\') i++
      else if (c === '"') quoted = false
    } else if (c === '"') quoted = true
    else if (c === '{' && depth++ === 0) open = i
    else if (c === '}' && --depth === 0) objects.push(...parsedObject(text.slice(open, i + 1)))
    else if (c === ']' && depth === 0) break
  }
  return objects
}

function parsedObject(text: string): Json[] {
  try {
    const value: unknown = JSON.parse(text)
    return isObject(value) ? [value] : []
  } catch {
    return []
  }
}
