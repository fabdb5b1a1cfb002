// glog fatal log lines ('F0914 17:40:26.355 123 file.cc:42] Check failed: ...') and the '*** Check failure stack trace: ***' that follows.
import type {LogLine} from '../model.js'
import {NativeEventDraft} from './native-event.js'
import {parseGlogFrame} from './native-frames.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const GLOG_FATAL_PATTERNS = {
  glogOrigin: {
    // glog's origin is 'file:line'; rDSN's 'file:line:function' belongs to rdsn-fatal.
    re: /^[\w./+-]+\.(?:cc|cpp|cxx|c|h|hpp|hh|inl|ipp):\d+$/,
    examples: ['replica_config.cc:55', 'src/yb/consensus/replica_state.cc:146'],
  },
  unstrippedFatalLine: {
    // A glog F line whose header the prefix stripper did not set aside.
    re: /^\s*F(?:\d{4})?\d{4} \d\d:\d\d:\d\d(?:\.\d+)? +\d+ (?:[\w-]+ )?(?<origin>[\w./+-]+\.(?:cc|cpp|cxx|c|h|hpp|hh):\d+)\] ?(?<msg>[^\n]*)$/,
    examples: ['F0914 17:40:26.355070 1166569 tablet.cc:42] Check failed: ok'],
  },
  checkFailed: {
    re: /^\s*Check failed: \S/,
    examples: ['Check failed: prev_end == start (33224740669 vs. 33224744765) shared log files are not continuous'],
  },
  checkFailure: {
    re: /\*\*\* Check failure stack trace: \*\*\*/,
    examples: ['*** Check failure stack trace: ***'],
  },
  nextDump: {
    re: /\*\*\* Aborted at \d|\) received by PID \d/,
    examples: ['*** Aborted at 1566562615 (unix time) try "date -d @1566562615" if you are using GNU date ***'],
  },
} as const satisfies PatternTable

const P = GLOG_FATAL_PATTERNS
/** Other threads' lines tolerated between the F line and its stack. */
const MAX_SKIPPED_BEFORE_STACK = 20
/** Prefixed lines tolerated in a row inside the stack. */
const MAX_SKIPPED_IN_STACK = 10

/** The fatal message and origin of a glog F line, or null. */
function fatalLine(line: LogLine): {message: string; origin: string} | null {
  if (line.level === 'F' && line.origin !== null && P.glogOrigin.re.test(line.origin)) {
    return {message: line.text.trim(), origin: line.origin}
  }
  const m = line.level === null ? P.unstrippedFatalLine.re.exec(line.text) : null
  return m?.groups ? {message: (m.groups.msg ?? '').trim(), origin: m.groups.origin ?? ''} : null
}

class GlogFatalParser implements TraceParser {
  private readonly draft: NativeEventDraft
  private sawFatalLine = false
  private inStack = false
  private frames = 0
  private skipped = 0

  constructor(first: LogLine) {
    this.draft = new NativeEventDraft(glogFatalFormat.id, first)
    this.start(first)
  }

  private start(first: LogLine): void {
    const fatal = fatalLine(first)
    if (fatal) {
      this.sawFatalLine = true
      this.draft.message = fatal.message
      this.draft.facts.origin = fatal.origin
      this.draft.note(first, 'fatal glog line (LOG(FATAL)/CHECK)')
    } else if (P.checkFailure.re.test(first.text)) {
      this.onStackHeader(first)
    } else {
      this.draft.message = first.text.trim()
      this.draft.note(first, 'check failure message')
    }
  }

  push(line: LogLine): PushResult {
    const text = line.text
    if (P.nextDump.re.test(text)) return 'ended'
    if (P.checkFailure.re.test(text)) return this.inStack ? 'ended' : this.onStackHeader(line)
    const frame = this.inStack ? parseGlogFrame(text) : null
    if (frame) {
      this.frames++
      this.skipped = 0
      this.draft.addFrame(frame)
      this.draft.take(line)
      return 'taken'
    }
    const bare = line.level === null && line.time === null && text.trim() !== ''
    if (this.inStack && this.frames > 0 && bare) return 'ended'
    const limit = this.inStack ? MAX_SKIPPED_IN_STACK : MAX_SKIPPED_BEFORE_STACK
    return ++this.skipped > limit ? 'ended' : 'skipped'
  }

  private onStackHeader(line: LogLine): PushResult {
    this.inStack = true
    this.skipped = 0
    this.draft.note(line, 'glog check failure stack trace')
    return 'taken'
  }

  finish() {
    // A bare 'Check failed:' line, or a stack header with no frame under it, may be prose.
    if (!this.sawFatalLine && this.frames === 0) return []
    this.draft.kinds.add('abort')
    // A paste that starts at the stack header lost the failed check's own line: still say what it was.
    this.draft.message ??= "CHECK failed (the failed check's own line is not in the log)"
    if (this.frames > 0) this.draft.facts.stackFrames = this.frames
    return [this.draft.toEvent()]
  }
}

/** 'F' + month (F0914) or year (F20240522): every glog fatal line holds one of these. */
const FATAL_LINE_TRIGGERS = ['F01', 'F02', 'F03', 'F04', 'F05', 'F06', 'F07', 'F08', 'F09', 'F10', 'F11', 'F12', 'F20']

export const glogFatalFormat: TraceFormat = {
  id: 'glog-fatal',
  runtime: 'cpp',
  stage: 'cause',
  triggers: [...FATAL_LINE_TRIGGERS, '*** Check failure stack trace', 'Check failed: '],
  patterns: P,
  detect: (line) =>
    fatalLine(line) !== null || P.checkFailure.re.test(line.text) || (line.level === null && P.checkFailed.re.test(line.text)),
  parse: (first) => new GlogFatalParser(first),
}
