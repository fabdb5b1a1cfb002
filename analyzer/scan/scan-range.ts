import {TRACE_FORMATS} from '../formats/registry.js'
import {fileChunks} from '../input/chunks.js'
import {primeChunk, type ByteRange} from './ranges.js'
import {scanStream, type StreamScan} from './scan-stream.js'

export interface RangeTask {
  path: string
  range: ByteRange
  size: number
}

/** Scans one range of a file; traces still open at its end are followed into the next range. */
export async function scanRange(task: RangeTask, progress?: {bytes: number}): Promise<StreamScan> {
  const {path, range, size} = task
  return scanStream(fileChunks(path, range.start, range.end, progress), {
    source: path,
    formats: TRACE_FORMATS,
    prime: await primeChunk(path, range.start),
    overrun: fileChunks(path, range.end, size),
  })
}
