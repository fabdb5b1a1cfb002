// A Ceph backtrace without `*** Caught signal`: ` ceph version ...`, numbered frames, ` NOTE: a copy of
// the executable...`. Ceph prints the NOTE only when it dies: after a failed ceph_assert (before the
// signal dump that follows it, hence stage `cause`) and in the signal dump, whose header a paste may lose.
import type {CrashKind, LogLine, TraceEvent} from '../model.js'
import {CEPH_PATTERNS, parseCephFrame} from './ceph-caught-signal.js'
import {addFrame, addKinds, cite, newEvent, take} from './postmortem-event.js'
import {bareFunction} from './postmortem-frames.js'
import {nativeCrash} from './postmortem-kinds.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

/** Unrelated lines tolerated among the frames (other threads still log while they are printed). */
const MAX_IDLE = 6
/** How deep from the innermost frame Ceph's own abort path still counts as the crash itself. */
const TOP_FRAMES = 12

export const CEPH_BACKTRACE_PATTERNS = {
  // The version line of a dump stands alone; the start-up banner goes on (`, process ceph-osd, pid 7`).
  dumpVersion: {
    re: /^\s*ceph version (?<version>\S+) \([0-9a-f]{7,40}\)(?: \w+ \((?:stable|dev|rc)\))?\s*$/,
    examples: [' ceph version 16.2.4 (3cbe25cde3cfa028984618ad32de9edc4c1eaed0) pacific (stable)', ' ceph version 0.69-280-g60d541d (60d541d36d3ebf3a6d8ef411a026ca31da99b95d)'],
  },
  // Ceph's assert and abort helpers: the process aborts once the backtrace is printed.
  cephAbortFrame: {
    re: /^(?:__ceph_(?:assert_fail|assertf_fail|abort)|ceph_abort_msg)$/,
    examples: ['__ceph_assert_fail', '__ceph_abort'],
  },
} as const satisfies PatternTable

const P = CEPH_BACKTRACE_PATTERNS

/** Kinds of a backtrace that lost its signal: Ceph's abort path, else what the frames show (see nativeCrash). */
function kindsOfFrames(event: TraceEvent): {kinds: CrashKind[]; signal: string | null} {
  const top = event.frames.slice(0, TOP_FRAMES).map((f) => bareFunction(f.function))
  if (top.some((f) => P.cephAbortFrame.re.test(f))) return {kinds: ['abort'], signal: 'SIGABRT'}
  const verdict = nativeCrash({signal: null, frames: event.frames, assumeCrash: true})
  return {kinds: verdict.kinds, signal: verdict.signal}
}

class CephBacktraceParser implements TraceParser {
  private readonly event: TraceEvent
  private idle = 0
  private noted = false

  constructor(first: LogLine) {
    this.event = newEvent(cephBacktraceFormat.id, first, 'cpp')
    this.event.facts.version = P.dumpVersion.re.exec(first.text)?.groups?.version ?? ''
    cite(this.event, first, 'Ceph backtrace without its signal line')
  }

  push(line: LogLine): PushResult {
    if (this.noted) return 'ended'
    const text = line.text.trim()
    if (text === '') return 'skipped'
    const body = CEPH_PATTERNS.frame.re.exec(text)?.groups?.body
    if (body !== undefined) return this.frame(line, body)
    if (CEPH_PATTERNS.note.re.test(text) && this.event.frames.length > 0) {
      this.noted = true
      cite(this.event, line, 'Ceph prints this only when the daemon dies')
      return 'taken'
    }
    // The frames follow the version line at once; later, other threads' lines may come between.
    if (this.event.frames.length === 0 || CEPH_PATTERNS.header.re.test(text)) return 'ended'
    return ++this.idle > MAX_IDLE ? 'ended' : 'skipped'
  }

  private frame(line: LogLine, body: string): PushResult {
    if (this.event.frames.length === 0) cite(this.event, line, 'first frame of the backtrace')
    else take(this.event, line)
    addFrame(this.event, parseCephFrame(body))
    this.idle = 0
    return 'taken'
  }

  finish(): TraceEvent[] {
    if (!this.noted) return []
    const {kinds, signal} = kindsOfFrames(this.event)
    addKinds(this.event, kinds)
    this.event.signal = signal
    if (signal === null) this.event.facts.signalUnknown = true
    return this.event.kinds.length > 0 ? [this.event] : []
  }
}

export const cephBacktraceFormat: TraceFormat = {
  id: 'ceph-backtrace',
  runtime: 'cpp',
  stage: 'cause',
  triggers: ['ceph version '],
  patterns: P,
  detect: (line) => P.dumpVersion.re.test(line.text),
  parse: (first) => new CephBacktraceParser(first),
}
