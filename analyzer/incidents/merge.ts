import type {TraceFinding} from '../engine/source-scanner.js'
import type {Incident, LogLine, TraceEvent} from '../model.js'

/** Events further apart than this (lines, or ms when both are timed) are separate crashes. */
export const MERGE_LINE_GAP = 60
export const MERGE_TIME_GAP_MS = 30_000

interface OpenIncident extends Incident {
  lastLine: number
  lastTime: number | null
}

function hasTerminal(incident: Incident): boolean {
  return incident.events.some((e) => e.terminal)
}

/** Why an event cannot belong to the open incident of its node; null when it can. */
function separates(open: OpenIncident, event: TraceEvent, first: LogLine): string | null {
  if (event.firstLine - open.lastLine > MERGE_LINE_GAP) return 'line gap'
  if (first.time !== null && open.lastTime !== null && first.time - open.lastTime > MERGE_TIME_GAP_MS) return 'time gap'
  const pid = open.events.find((e) => e.pid !== null)?.pid
  if (pid != null && event.pid !== null && event.pid !== pid) return 'another process'
  if (hasTerminal(open)) {
    // After the death, only other views of that death (a core's backtrace, the shell's line) belong.
    if (!event.terminal) return 'after the death'
    if (open.events.some((e) => e.terminal && e.format === event.format)) return 'a second dump'
  }
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
  ) {}

  add(finding: TraceFinding): void {
    const node = finding.node
    const key = node ?? ''
    for (const event of finding.events) {
      let incident = this.open.get(key)
      if (incident && separates(incident, event, finding.first) !== null) {
        this.close(key)
        incident = undefined
      }
      if (!incident) {
        const context = finding.context.filter((l) => node === null || l.node === node)
        incident = {source: this.source, firstOffset: finding.first.offset, node, events: [], context, lastLine: 0, lastTime: null}
        this.open.set(key, incident)
      }
      incident.events.push(event)
      incident.lastLine = Math.max(incident.lastLine, event.lastLine)
      incident.lastTime = finding.first.time ?? incident.lastTime
    }
  }

  /** Closes incidents no event from line `lineNo` on can join (called as the scan moves on). */
  closeBefore(lineNo: number): void {
    for (const [key, incident] of this.open) if (lineNo - incident.lastLine > MERGE_LINE_GAP) this.close(key)
  }

  end(): void {
    for (const key of [...this.open.keys()]) this.close(key)
  }

  private close(key: string): void {
    const incident = this.open.get(key)
    if (!incident) return
    this.open.delete(key)
    const {lastLine: _l, lastTime: _t, ...done} = incident
    // Events without a crash kind (a shell's `Killed`) are evidence for others, not a crash alone.
    if (done.events.some((e) => e.kinds.length > 0)) this.onIncident(done)
  }
}
