import {open} from 'node:fs/promises'
import type {Readable} from 'node:stream'

/** Complete lines of a source as bytes (the last chunk may end without a newline). */
export interface Chunk {
  buf: Buffer
  /** Byte offset of buf[0] in the source. */
  offset: number
}

/** A physical line longer than this is cut; the rest of it is skipped, not held. */
export const MAX_PHYSICAL_LINE_BYTES = 1 << 20
const READ_BYTES = 1 << 20
/** Read buffers reused in turn; a chunk stays valid while the next RING_SIZE - 2 reads happen. */
const RING_SIZE = 4
const NEWLINE = Buffer.from('\n')

export interface ChunkProgress {
  bytes: number
}

/**
 * Cuts raw reads into chunks of whole lines with bounded memory, whatever the line lengths. Only a
 * line split between two reads is copied; every other chunk is a view of the read itself.
 */
export async function* chunkLines(data: AsyncIterable<Buffer>, progress?: ChunkProgress, startOffset = 0): AsyncGenerator<Chunk> {
  let carry: Buffer | null = null
  let offset = startOffset
  let skippingRest = false
  const take = (buf: Buffer): Chunk => {
    const chunk = {buf, offset}
    offset += buf.length
    return chunk
  }
  for await (const read of data) {
    let buf = read
    if (progress) progress.bytes += buf.length
    if (skippingRest) {
      const nl = buf.indexOf(10)
      offset += nl < 0 ? buf.length : nl + 1
      if (nl < 0) continue
      buf = buf.subarray(nl + 1)
      skippingRest = false
    }
    const firstNl = buf.indexOf(10)
    if (firstNl < 0) {
      carry = carry ? Buffer.concat([carry, buf]) : Buffer.from(buf)
      if (carry.length > MAX_PHYSICAL_LINE_BYTES) {
        const cutBytes = carry.length
        yield take(Buffer.concat([carry.subarray(0, MAX_PHYSICAL_LINE_BYTES), NEWLINE]))
        offset += cutBytes - MAX_PHYSICAL_LINE_BYTES - 1
        carry = null
        skippingRest = true
      }
      continue
    }
    let from = 0
    if (carry) {
      yield take(Buffer.concat([carry, buf.subarray(0, firstNl + 1)]))
      carry = null
      from = firstNl + 1
    }
    const lastNl = buf.lastIndexOf(10)
    if (lastNl >= from) yield take(buf.subarray(from, lastNl + 1))
    if (lastNl + 1 < buf.length) carry = Buffer.from(buf.subarray(lastNl + 1))
  }
  if (carry) yield take(carry)
}

/** Chunks of a stream (stdin, gunzip). */
export function readChunks(stream: Readable, progress?: ChunkProgress): AsyncGenerator<Chunk> {
  return chunkLines(stream as AsyncIterable<Buffer>, progress)
}

/** Reads [start, end) of a file into a ring of reused buffers: no allocation per read. */
async function* readFileRange(path: string, start: number, end: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r')
  try {
    const ring = Array.from({length: RING_SIZE}, () => Buffer.allocUnsafe(READ_BYTES))
    for (let pos = start, turn = 0; pos < end; turn++) {
      const buf = ring[turn % RING_SIZE]!
      const {bytesRead} = await handle.read(buf, 0, Math.min(READ_BYTES, end - pos), pos)
      if (bytesRead === 0) return
      pos += bytesRead
      yield buf.subarray(0, bytesRead)
    }
  } finally {
    await handle.close()
  }
}

/** Chunks of [start, end) of a file (end may be Infinity: to its end). */
export function fileChunks(path: string, start = 0, end = Infinity, progress?: ChunkProgress): AsyncGenerator<Chunk> {
  return chunkLines(readFileRange(path, start, end), progress, start)
}

/** Lines in a buffer of whole lines (a last line without its newline counts too). */
export function countLines(buf: Buffer): number {
  let n = 0
  for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) n++
  return n + (buf.length > 0 && buf[buf.length - 1] !== 10 ? 1 : 0)
}
