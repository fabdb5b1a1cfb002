import type {TraceFinding} from '../engine/source-scanner.js'
import {TRACE_STAGES, type TraceStage} from '../formats/types.js'
import type {Incident, LogLine, Runtime, TraceEvent} from '../model.js'

/** Events further apart than this (lines, or ms when both are timed) are separate crashes. */
export const MERGE_LINE_GAP = 60
export const MERGE_TIME_GAP_MS = 30_000
/** Lines after an incident kept for rules (restart banners, exit lines). */
export const AFTER_LINES = 50

/** Runtimes that never share one process (C and C++ live under all of them). */
const FOREIGN_RUNTIMES: readonly (readonly [Runtime, Runtime])[] = [
  ['go', 'rust'],
  ['go', 'java'],
  ['rust', 'java'],
]

function foreign(a: Runtime | null, b: Runtime | null): boolean {
  return a !== null && b !== null && FOREIGN_RUNTIMES.some(([x, y]) => (a === x && b === y) || (a === y && b === x))
}

interface OpenIncident extends Incident {
  firstLineNo: number
  lastLine: number
  lastTime: number | null
  /** The furthest stage a death of this incident reached, and the formats that showed it there. */
  deathStage: number
  deathFormats: Set<string>
  /** Formats of the dumps of deaths the program survived (recovered panics it logged). */
  survivedDumps: Set<string>
}

/** Why an event cannot belong to the open incident of its node; null when it can. */
function separates(open: OpenIncident, event: TraceEvent, first: LogLine, stage: TraceStage): string | null {
  if (event.firstLine - open.lastLine > MERGE_LINE_GAP) return 'line gap'
  if (first.time !== null && open.lastTime !== null && first.time - open.lastTime > MERGE_TIME_GAP_MS) return 'time gap'
  const pid = open.events.find((e) => e.pid !== null)?.pid
  if (pid != null && event.pid !== null && event.pid !== pid) return 'another process'
  if (open.events.some((e) => foreign(e.runtime, event.runtime))) return 'another runtime'
  // A program that logs a recovered panic's stack and lives on: its next full dump is another crash;
  // a caller list after a dump is the same panic logged again, as tiglabs' HandleCrash does.
  if (stage === 'dump' && event.fullDump === true && open.survivedDumps.has(event.format)) return 'after a survived death'
  if (open.deathStage < 0) return null
  // After a death, only later views of that death belong: a cause, then a dump, then post-mortems.
  if (!event.terminal) return 'after the death'
  const at = TRACE_STAGES.indexOf(stage)
  if (at < open.deathStage) return 'a new life'
  if (at === open.deathStage && (stage === 'dump' || open.deathFormats.has(event.format))) return 'a second death'
  return null
}

/**
 * Merges trace findings of one source into incidents as they arrive, per node, and hands each
 * incident on once no later event can join it.
 */
export class IncidentBuilder {
  private readonly open = new Map<string, OpenIncident>()

  constructor(
    private readonly source: string,
    private readonly onIncident: (incident: Incident) => void,
    /** The lines after a line number, as far as the scan has read. */
    private readonly linesAfter: (lineNo: number, count: number) => LogLine[] = () => [],
  ) {}

  add(finding: TraceFinding): void {
    const {node, stage} = finding
    const key = node ?? ''
    for (const event of finding.events) {
      let incident = this.open.get(key)
      if (incident && separates(incident, event, finding.first, stage) !== null) {
        this.close(key)
        incident = undefined
      }
      if (!incident) {
        const context = finding.context.filter((l) => node === null || l.node === node)
        incident = {source: this.source, firstOffset: finding.first.offset, firstLineNo: finding.first.lineNo, node, events: [], context, after: [], traceLines: [], lastLine: 0, lastTime: null, deathStage: -1, deathFormats: new Set(), survivedDumps: new Set()}
        this.open.set(key, incident)
      }
      incident.events.push(event)
      if (incident.traceLines.at(-1) !== finding.lines.at(-1)) incident.traceLines.push(...finding.lines)
      incident.lastLine = Math.max(incident.lastLine, event.lastLine)
      incident.lastTime = finding.first.time ?? incident.lastTime
      if (!event.terminal && stage === 'dump') incident.survivedDumps.add(event.format)
      if (event.terminal) {
        const at = TRACE_STAGES.indexOf(stage)
        if (at > incident.deathStage) incident.deathFormats.clear()
        incident.deathStage = Math.max(incident.deathStage, at)
        incident.deathFormats.add(event.format)
      }
    }
  }

  /** Closes incidents no event from line `lineNo` on can join (called as the scan moves on). */
  closeBefore(lineNo: number): void {
    for (const [key, incident] of this.open) if (lineNo - incident.lastLine > MERGE_LINE_GAP) this.close(key)
  }

  /** Where the oldest open incident starts (a tailer resumes there after a restart). */
  get openSince(): {offset: number; lineNo: number} | null {
    let oldest: OpenIncident | null = null
    for (const incident of this.open.values()) if (!oldest || incident.firstOffset < oldest.firstOffset) oldest = incident
    return oldest && {offset: oldest.firstOffset, lineNo: oldest.firstLineNo}
  }

  end(): void {
    for (const key of [...this.open.keys()]) this.close(key)
  }

  private close(key: string): void {
    const incident = this.open.get(key)
    if (!incident) return
    this.open.delete(key)
    const {firstLineNo: _n, lastLine, lastTime: _t, deathStage: _s, deathFormats: _f, survivedDumps: _d, ...done} = incident
    done.after = this.linesAfter(lastLine, AFTER_LINES * 4).filter((l) => done.node === null || l.node === done.node).slice(0, AFTER_LINES)
    // Events without a crash kind (a shell's `Killed`) are evidence for others, not a crash alone.
    if (done.events.some((e) => e.kinds.length > 0)) this.onIncident(done)
  }
}
