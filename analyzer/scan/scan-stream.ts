import {SourceScanner} from '../engine/source-scanner.js'
import type {TraceFormat} from '../formats/types.js'
import {IncidentBuilder} from '../incidents/merge.js'
import type {Chunk} from '../input/chunks.js'
import type {Incident} from '../model.js'
import {diagnoseIncident, type DiagnoseIncidentOptions} from '../report/diagnose-incident.js'
import type {CrashReport} from '../report/types.js'

/** A crash as one scan found it, with the byte offset of its first line (to stitch ranges). */
export interface FoundCrash {
  report: CrashReport
  firstOffset: number
}

export interface StreamScan {
  crashes: FoundCrash[]
  /** Lines (and over-long lines) of the range itself, not of the overrun. */
  lines: number
  cutLines: number
  /** Offset just past the last byte scanned: the range's end, or where the overrun stopped. */
  stopOffset: number
}

export interface ScanStreamOptions extends DiagnoseIncidentOptions {
  source: string
  formats: readonly TraceFormat[]
  /** A chunk before the range that only gives context (a range that does not start the file). */
  prime?: Chunk
  /** Chunks after the range, read only while a trace that started in the range is still open. */
  overrun?: AsyncIterable<Chunk>
}

/** Scans one source (or a range of it) into diagnosed crashes, holding only open traces and incidents. */
export async function scanStream(chunks: AsyncIterable<Chunk>, options: ScanStreamOptions): Promise<StreamScan> {
  const found: Incident[] = []
  let scanner: SourceScanner | null = null
  const builder = new IncidentBuilder(options.source, (incident) => found.push(incident), (lineNo, count) => scanner?.linesAfter(lineNo, count) ?? [])
  scanner = new SourceScanner(options.formats, (finding) => builder.add(finding))
  let stopOffset = options.prime ? options.prime.offset + options.prime.buf.length : 0
  if (options.prime) scanner.prime(options.prime)
  const advance = (chunk: Chunk) => {
    scanner.scan(chunk)
    builder.closeBefore(scanner.lines.count)
    stopOffset = chunk.offset + chunk.buf.length
  }
  for await (const chunk of chunks) advance(chunk)
  const {count: lines, cut: cutLines} = scanner.lines
  if (options.overrun && scanner.busy) {
    for await (const chunk of options.overrun) {
      advance(chunk)
      if (!scanner.busy) break
    }
  }
  scanner.end()
  builder.end()
  found.sort((a, b) => a.firstOffset - b.firstOffset)
  return {crashes: found.map((incident) => ({report: diagnoseIncident(incident, '', options), firstOffset: incident.firstOffset})), lines, cutLines, stopOffset}
}
