import type {Readable} from 'node:stream'

/** Complete lines of a source as bytes (the last chunk may end without a newline). */
export interface Chunk {
  buf: Buffer
  /** Byte offset of buf[0] in the source. */
  offset: number
}

/** A physical line longer than this is cut; the rest of it is skipped, not held. */
export const MAX_PHYSICAL_LINE_BYTES = 1 << 20
const CHUNK_BYTES = 1 << 20
const NEWLINE = Buffer.from('\n')

export interface ChunkProgress {
  bytes: number
}

/** Reads a stream as chunks of whole lines with bounded memory, whatever the line lengths. */
export async function* readChunks(stream: Readable, progress?: ChunkProgress, startOffset = 0): AsyncGenerator<Chunk> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let offset = startOffset
  let skippingRest = false

  const take = (buf: Buffer): Chunk => {
    const chunk = {buf, offset}
    offset += buf.length
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
    const all = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes)
    const lastNl = all.lastIndexOf(10)
    if (lastNl >= 0) {
      yield take(all.subarray(0, lastNl + 1))
      const rest = all.subarray(lastNl + 1)
      pending = rest.length > 0 ? [Buffer.from(rest)] : []
      pendingBytes = rest.length
    } else if (pendingBytes > MAX_PHYSICAL_LINE_BYTES) {
      const cutBytes = pendingBytes
      yield take(Buffer.concat([all.subarray(0, MAX_PHYSICAL_LINE_BYTES), NEWLINE]))
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
