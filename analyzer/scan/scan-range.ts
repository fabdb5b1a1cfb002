import {TRACE_FORMATS} from '../formats/registry.js'
import {fileChunks} from '../input/chunks.js'
import {loadRules} from '../rules/load.js'
import {primeChunk, type ByteRange} from './ranges.js'
import {scanStream, type StreamScan} from './scan-stream.js'

export interface RangeTask {
  path: string
  range: ByteRange
  size: number
  /** Users' rule directories (each worker loads the rules itself). */
  ruleDirs: readonly string[]
  explain: boolean
}

/** Scans one range of a file; traces still open at its end are followed into the next range. */
export async function scanRange(task: RangeTask, progress?: {bytes: number}): Promise<StreamScan> {
  const {path, range, size} = task
  return scanStream(fileChunks(path, range.start, range.end, progress), {
    source: path,
    formats: TRACE_FORMATS,
    rules: loadRules(task.ruleDirs).rules,
    explain: task.explain,
    prime: await primeChunk(path, range.start),
    overrun: fileChunks(path, range.end, size),
  })
}
