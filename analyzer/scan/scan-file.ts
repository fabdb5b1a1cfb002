import {availableParallelism} from 'node:os'
import {Worker} from 'node:worker_threads'
import {TRACE_FORMATS} from '../formats/registry.js'
import type {TraceFormat} from '../formats/types.js'
import {fileChunks, readChunks, type ChunkProgress} from '../input/chunks.js'
import type {InputSource} from '../input/sources.js'
import type {RuleSet} from '../rules/load.js'
import {holdNewestFirst, inFileOrder, reverseLines} from './newest-first.js'
import {planRanges, stitchRanges} from './ranges.js'
import type {RangeTask} from './scan-range.js'
import {scanStream, type FoundCrash, type StreamScan} from './scan-stream.js'

/** Files smaller than this are scanned on the main thread: a worker would not pay for itself. */
export const PARALLEL_MIN_BYTES = 48 << 20
const BYTES_PER_WORKER = 24 << 20
const MAX_WORKERS = 8

export interface FileScan {
  crashes: FoundCrash[]
  lines: number
  cutLines: number
  bytes: number
}

/** How many workers a source deserves: big plain files, more than one core, the default formats. */
function workerCount(source: InputSource, customFormats: boolean): number {
  if (source.gzip || source.size === null || source.size < PARALLEL_MIN_BYTES || customFormats) return 1
  return Math.max(1, Math.min(availableParallelism(), MAX_WORKERS, Math.floor(source.size / BYTES_PER_WORKER)))
}

function runWorker(task: RangeTask, onBytes: (bytes: number) => void): Promise<StreamScan> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./scan-worker.js', import.meta.url), {workerData: task})
    worker.on('message', (m: {type: string; bytes?: number; result?: StreamScan; error?: {message: string; code?: string}}) => {
      if (m.type === 'progress') onBytes(m.bytes!)
      else if (m.type === 'done') resolve(m.result!)
      else reject(Object.assign(new Error(m.error!.message), {code: m.error!.code}))
    })
    worker.on('error', reject)
    worker.on('exit', (code) => code !== 0 && reject(new Error(`scan worker exited with ${code}`)))
  })
}

/** Scans one source: big files split into line-aligned ranges scanned by worker threads. */
export interface ScanFileOptions {
  /** Trace formats instead of the registry's (tests): the file is then read on one thread. */
  formats?: readonly TraceFormat[]
  rules: RuleSet
  explain: boolean
  onBytes: (bytesRead: number) => void
}

export async function scanFile(source: InputSource, options: ScanFileOptions): Promise<FileScan> {
  const {formats, onBytes} = options
  const workers = workerCount(source, formats !== undefined)
  if (workers <= 1) {
    const progress: ChunkProgress = {bytes: 0}
    const chunks = source.path === '-' || source.gzip ? readChunks(source.open(), progress) : fileChunks(source.path, 0, Infinity, progress)
    const {whole, rest} = await holdNewestFirst(chunks[Symbol.asyncIterator]())
    const streamOptions = {source: source.path, formats: formats ?? TRACE_FORMATS, rules: options.rules.rules, explain: options.explain}
    if (whole) {
      onBytes(progress.bytes)
      const {reversed, lines} = reverseLines(whole)
      const scan = await scanStream((async function* () {
        yield {buf: reversed, offset: 0}
      })(), streamOptions)
      const crashes = scan.crashes.map((c) => ({...c, report: inFileOrder(c.report, lines)}))
      return {crashes, lines: scan.lines, cutLines: scan.cutLines, bytes: whole.length}
    }
    const reporting = (async function* () {
      for await (const chunk of rest) {
        yield chunk
        onBytes(progress.bytes)
      }
    })()
    const scan = await scanStream(reporting, streamOptions)
    return {crashes: scan.crashes, lines: scan.lines, cutLines: scan.cutLines, bytes: scan.stopOffset}
  }
  const ranges = await planRanges(source.path, source.size!, workers)
  const plainRules = options.rules.rules.map(({spec, file, origin}) => ({spec, file, origin}))
  const read = ranges.map(() => 0)
  const scans = await Promise.all(
    ranges.map((range, i) =>
      runWorker({path: source.path, range, size: source.size!, rules: plainRules, explain: options.explain}, (bytes) => {
        read[i] = bytes
        onBytes(read.reduce((a, b) => a + b, 0))
      }),
    ),
  )
  return {...stitchRanges(scans), bytes: source.size!}
}
