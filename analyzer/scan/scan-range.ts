import {TRACE_FORMATS} from '../formats/registry.js'
import {fileChunks} from '../input/chunks.js'
import {reviveRule, type LoadedRule} from '../rules/load.js'
import {primeChunk, type ByteRange} from './ranges.js'
import {scanStream, type StreamScan} from './scan-stream.js'

export interface RangeTask {
  path: string
  range: ByteRange
  size: number
  /** The rules the main thread loaded and validated, as plain data. */
  rules: Pick<LoadedRule, 'spec' | 'file' | 'origin'>[]
  explain: boolean
}

/** Scans one range of a file; traces still open at its end are followed into the next range. */
export async function scanRange(task: RangeTask, progress?: {bytes: number}): Promise<StreamScan> {
  const {path, range, size} = task
  return scanStream(fileChunks(path, range.start, range.end, progress), {
    source: path,
    formats: TRACE_FORMATS,
    rules: task.rules.map(reviveRule),
    explain: task.explain,
    prime: await primeChunk(path, range.start),
    overrun: fileChunks(path, range.end, size),
  })
}
