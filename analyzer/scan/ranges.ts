import {open} from 'node:fs/promises'
import type {Chunk} from '../input/chunks.js'
import type {FoundCrash, StreamScan} from './scan-stream.js'

/** A byte range of a file that starts at a line start and ends at the next range's start. */
export interface ByteRange {
  start: number
  end: number
}

/** Bytes before a range read only for the context of its first crashes. */
export const PRIME_BYTES = 256 * 1024
const PROBE_BYTES = 64 * 1024

/** Splits a file into `count` ranges at line starts (fewer when lines are huge). */
export async function planRanges(path: string, size: number, count: number): Promise<ByteRange[]> {
  const cuts = [0]
  const handle = await open(path, 'r')
  try {
    for (let i = 1; i < count; i++) {
      let at = Math.floor((size * i) / count)
      if (at <= cuts.at(-1)!) continue
      const probe = Buffer.alloc(PROBE_BYTES)
      for (;;) {
        const {bytesRead} = await handle.read(probe, 0, PROBE_BYTES, at - 1)
        const nl = probe.subarray(0, bytesRead).indexOf(10)
        if (bytesRead === 0) {
          at = size
          break
        }
        if (nl !== -1) {
          at = at - 1 + nl + 1
          break
        }
        at += bytesRead
      }
      if (at < size && at > cuts.at(-1)!) cuts.push(at)
    }
  } finally {
    await handle.close()
  }
  return cuts.map((start, i) => ({start, end: cuts[i + 1] ?? size}))
}

/** The chunk of whole lines just before `start`, for context. */
export async function primeChunk(path: string, start: number): Promise<Chunk | undefined> {
  if (start === 0) return undefined
  const from = Math.max(0, start - PRIME_BYTES)
  const handle = await open(path, 'r')
  try {
    const buf = Buffer.alloc(start - from)
    await handle.read(buf, 0, buf.length, from)
    const firstLine = from === 0 ? 0 : buf.indexOf(10) + 1
    return {buf: buf.subarray(firstLine), offset: from + firstLine}
  } finally {
    await handle.close()
  }
}

/** Joins the scans of consecutive ranges: line numbers shifted, crashes of overruns owned once. */
export function stitchRanges(scans: readonly StreamScan[]): {crashes: FoundCrash[]; lines: number; cutLines: number} {
  const crashes: FoundCrash[] = []
  let lineShift = 0
  let ownedFrom = 0
  for (const scan of scans) {
    for (const c of scan.crashes) {
      if (c.firstOffset < ownedFrom) continue
      crashes.push({firstOffset: c.firstOffset, report: shiftLines(c.report, lineShift)})
    }
    ownedFrom = Math.max(ownedFrom, scan.stopOffset)
    lineShift += scan.lines
  }
  return {crashes, lines: lineShift, cutLines: scans.reduce((n, s) => n + s.cutLines, 0)}
}

function shiftLines(report: FoundCrash['report'], by: number): FoundCrash['report'] {
  if (by === 0) return report
  return {
    ...report,
    lines: {start: report.lines.start + by, end: report.lines.end + by},
    diagnosis: {...report.diagnosis, evidence: report.diagnosis.evidence.map((e) => ({...e, line: e.line + by}))},
  }
}
