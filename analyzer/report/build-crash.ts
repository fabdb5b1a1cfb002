import {rankKinds} from '../kinds.js'
import type {CrashKind, Incident, TraceEvent} from '../model.js'
import {formatTime} from '../lines/timestamps.js'
import {fingerprint, normaliseFunction, topFrames} from '../signature/fingerprint.js'
import type {CrashReport, Diagnosis, EvidenceLine, ReportFrame} from './types.js'

const MAX_REPORT_FRAMES = 40
const MAX_EVIDENCE = 12

/** The event whose frames and message describe the crash best: the first death, else the first event. */
export function mainEvent(events: readonly TraceEvent[]): TraceEvent {
  const withFrames = events.filter((e) => e.frames.length > 0)
  const terminal = events.filter((e) => e.terminal)
  return terminal.find((e) => e.frames.length > 0) ?? terminal[0] ?? withFrames[0] ?? events[0]!
}

/** Primary kind: the precedence table applied to the first death (the cause comes first), else to all. */
export function primaryKind(events: readonly TraceEvent[]): CrashKind {
  const firstDeath = events.find((e) => e.terminal && e.kinds.length > 0)
  const ranked = rankKinds(firstDeath ? firstDeath.kinds : events.flatMap((e) => e.kinds))
  return ranked[0] ?? rankKinds(events.flatMap((e) => e.kinds))[0] ?? 'abort'
}

function firstNonNull<T>(events: readonly TraceEvent[], pick: (e: TraceEvent) => T | null): T | null {
  for (const e of events) {
    const v = pick(e)
    if (v !== null && v !== undefined) return v
  }
  return null
}

export function incidentEvidence(incident: Incident): EvidenceLine[] {
  const seen = new Set<number>()
  const lines = incident.events
    .flatMap((e) => e.evidence)
    .sort((a, b) => a.line.lineNo - b.line.lineNo)
    .filter((ev) => !seen.has(ev.line.lineNo) && seen.add(ev.line.lineNo))
  return lines.slice(0, MAX_EVIDENCE).map((ev) => ({source: incident.source, line: ev.line.lineNo, text: ev.line.raw, why: ev.why}))
}

export type CrashFacts = Omit<CrashReport, 'id' | 'diagnosis'>

/** Everything the report says of a crash but its diagnosis. */
export function describeIncident(incident: Incident): CrashFacts {
  const events = [...incident.events].sort((a, b) => a.firstLine - b.firstLine)
  const main = mainEvent(events)
  const kind = primaryKind(events)
  const kinds = [kind, ...rankKinds(events.flatMap((e) => e.kinds)).filter((k) => k !== kind)]
  const top = topFrames(main.frames)
  const firstTimed = events.map((e) => e.evidence.find((ev) => ev.line.time !== null)?.line.time ?? null).find((t) => t !== null)
  const frames: ReportFrame[] = main.frames.slice(0, MAX_REPORT_FRAMES).map((f) => ({
    function: f.function,
    file: f.file ?? null,
    line: f.line ?? null,
    module: f.module ?? null,
    address: f.address ?? null,
  }))
  return {
    source: incident.source,
    node: incident.node,
    lines: {start: Math.min(...events.map((e) => e.firstLine)), end: Math.max(...events.map((e) => e.lastLine))},
    time: formatTime(firstTimed ?? incident.context.at(-1)?.time ?? null),
    kind,
    kinds,
    signal: main.signal ?? firstNonNull(events, (e) => e.signal),
    runtime: main.runtime ?? firstNonNull(events, (e) => e.runtime),
    // The first death's words say what went wrong (an invalid free); the dump after it, how it ended.
    message: events.find((e) => e.terminal && e.kinds.length > 0)?.message ?? main.message ?? firstNonNull(events, (e) => e.message),
    frames,
    topFrames: top,
    fingerprint: fingerprint(kind, top.map(normaliseFunction), main.message),
    recovered: events.every((e) => e.recovered),
    formats: [...new Set(events.map((e) => e.format))],
    faultAddress: firstNonNull(events, (e) => e.faultAddress),
    pid: firstNonNull(events, (e) => e.pid),
    facts: Object.assign({}, ...events.map((e) => e.facts)) as Record<string, string | number | boolean>,
  }
}

export function crashReport(id: string, facts: CrashFacts, diagnosis: Diagnosis): CrashReport {
  return {id, ...facts, diagnosis}
}
