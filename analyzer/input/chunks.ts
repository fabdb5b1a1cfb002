import type {Readable} from 'node:stream'
import {MAX_LINE_CHARS} from '../lines/line.js'

/** Complete lines of a source, as bytes and as a latin1 string whose indexes are byte offsets. */
export interface Chunk {
  buf: Buffer
  text: string
  /** Byte offset of buf[0] in the source. */
  offset: number
  /** Line number of the chunk's first line. */
  lineNo: number
  /** Newline characters in the chunk. */
  newlines: number
  /** Lines longer than MAX_LINE_CHARS: parsers match their first part only. */
  longLines: number
}

/** A physical line longer than this is cut; the rest of it is skipped, not held. */
export const MAX_PHYSICAL_LINE_BYTES = 1 << 20
const CHUNK_BYTES = 1 << 20

export interface ChunkProgress {
  bytes: number
}

/** Reads a stream as chunks of whole lines with bounded memory, whatever the line lengths. */
export async function* readChunks(stream: Readable, progress?: ChunkProgress): AsyncGenerator<Chunk> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let offset = 0
  let lineNo = 1
  let skippingRest = false

  const take = (buf: Buffer): Chunk => {
    const text = buf.toString('latin1')
    const chunk = {buf, text, offset, lineNo, ...measureLines(text)}
    offset += buf.length
    lineNo += chunk.newlines
    return chunk
  }

  for await (const data of stream as AsyncIterable<Buffer>) {
    let buf = data
    if (progress) progress.bytes += buf.length
    if (skippingRest) {
      const nl = buf.indexOf(10)
      if (nl < 0) {
        offset += buf.length
        continue
      }
      offset += nl + 1
      buf = buf.subarray(nl + 1)
      skippingRest = false
    }
    pending.push(buf)
    pendingBytes += buf.length
    if (pendingBytes < CHUNK_BYTES) continue
    const all = Buffer.concat(pending, pendingBytes)
    const lastNl = all.lastIndexOf(10)
    if (lastNl >= 0) {
      yield take(all.subarray(0, lastNl + 1))
      const rest = all.subarray(lastNl + 1)
      pending = rest.length > 0 ? [rest] : []
      pendingBytes = rest.length
    } else if (pendingBytes > MAX_PHYSICAL_LINE_BYTES) {
      const cutBytes = pendingBytes
      yield take(Buffer.concat([all.subarray(0, MAX_PHYSICAL_LINE_BYTES), Buffer.from('\n')]))
      offset += cutBytes - MAX_PHYSICAL_LINE_BYTES - 1
      pending = []
      pendingBytes = 0
      skippingRest = true
    } else {
      pending = [all]
    }
  }
  if (pendingBytes > 0) yield take(Buffer.concat(pending, pendingBytes))
}

export function countNewlines(text: string, from = 0, to = text.length): number {
  let n = 0
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++
  return n
}

/** Counts newlines and over-long lines in one pass over the newlines. */
function measureLines(text: string): {newlines: number; longLines: number} {
  let newlines = 0
  let longLines = 0
  let start = 0
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    newlines++
    if (i - start > MAX_LINE_CHARS) longLines++
    start = i + 1
  }
  if (text.length - start > MAX_LINE_CHARS) longLines++
  return {newlines, longLines}
}
