// glog's (and folly's, Abseil's) failure signal handler dump: '*** Aborted at ...', 'PC: @', '*** SIGSEGV (@0x0) received by PID ...', '@ 0x... symbol' frames.
import type {Frame, LogLine} from '../model.js'
import {NativeEventDraft} from './native-event.js'
import {parseBoostFrame, parseGlogFrame} from './native-frames.js'
import {kindOfSignal, normaliseSignal} from './native-signals.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const GLOG_FAILURE_SIGNAL_PATTERNS = {
  abortedAt: {
    re: /\*\*\* Aborted at (?<unix>\d{1,12}) \([Uu]nix time/,
    examples: [
      '*** Aborted at 1631612426 (unix time) try "date -d @1631612426" if you are using GNU date ***',
      "*** Aborted at 1631612426 (Unix time, try 'date -d @1631612426') ***",
    ],
  },
  signalHeader: {
    re: /\*\*\* (?:Signal \d{1,2} \()?(?<sig>SIG[A-Z0-9]{2,8})\)?(?<desc> [^(*\n]{1,120})? \(@?(?<addr>0x[0-9a-fA-F]{1,16}|\(nil\)|nil)\) received by PID (?<pid>\d{1,10})(?: \((?:pthread )?TID (?<tid>[^)]{1,60})\))?(?:.{0,200}? from PID (?<from>\d{1,20}))?/,
    examples: [
      '*** SIGSEGV (@0x0) received by PID 5543 (TID 0x7f179af0d6c0) from PID 0; stack trace: ***',
      '*** SIGSEGV invalid permissions for mapped object (@0x7fff43cf6b00) received by PID 109959 (TID 32968 OR 0x7ffd13882700) from PID 1137666816; stack trace: ***',
      '*** SIGABRT (@0x1f80011cb88) received by PID 1166216 (TID 0x7efc00568700) from PID 1166216; stack trace',
      '*** Signal 11 (SIGSEGV) (0x0) received by PID 4242 (pthread TID 0x7f3c2a1ff700) (linux TID 4250) (code: address not mapped to object), stack trace: ***',
    ],
  },
  abseilHeader: {
    re: /\*\*\* (?<sig>SIG[A-Z0-9]{2,8}) received at time=(?<unix>\d{1,12})/,
    examples: ['*** SIGSEGV received at time=1595356218 on cpu 5 ***'],
  },
  pcLine: {
    re: /^\s*PC: @\s+(?<addr>0x[0-9a-fA-F]+|\(nil\))(?:\s+(?<fn>\S[^\n]*))?$/,
    examples: ['PC: @                0x0 (unknown)', 'PC: @     0x7effb7190387 __GI_raise', 'PC: @     0x55e5b0e1c6ba  (unknown)  main'],
  },
  // A fork's own line naming the signal just before the dump (Doris): the signal when the header line is lost.
  statedSignal: {
    re: /^\s*Signal: (?<sig>SIG[A-Z0-9]{2,8})(?: \([^)]{1,60}\))?\s*$/,
    examples: ['Signal: SIGSEGV (Segmentation fault)', 'Signal: SIGABRT'],
  },
  checkFailure: {
    re: /\*\*\* Check failure stack trace: \*\*\*/,
    examples: ['*** Check failure stack trace: ***'],
  },
  bannerLine: {
    // Lines some forks add inside the dump, e.g. Doris' query id and commit.
    re: /^\s*\*\*\* [^*\n]{1,200} \*\*\*\s*$/,
    examples: ['*** Query id: 26fa104d6ef347bb-be4c1c65af1e8018 ***', '*** Current BE git commitID: d5d82b7 ***'],
  },
} as const satisfies PatternTable

const P = GLOG_FAILURE_SIGNAL_PATTERNS
/** Prefixed lines (other threads' log lines) tolerated in a row inside the dump. */
const MAX_SKIPPED = 30
/** Unprefixed, non-frame lines tolerated since the last taken line once frames started. */
const MAX_SKIPPED_BARE = 3
/** Lines after a stated signal in which the dump must begin. */
const MAX_BEFORE_DUMP = 3
/** Signals whose si_addr is a fault address (for others glog prints the sender's pid/uid). */
const FAULTING_SIGNALS = new Set(['SIGSEGV', 'SIGBUS', 'SIGILL', 'SIGFPE', 'SIGTRAP'])

class GlogFailureSignalParser implements TraceParser {
  private readonly draft: NativeEventDraft
  private sawAborted = false
  private sawPc = false
  private inFrames = false
  private skipped = 0
  private skippedBare = 0
  private pcFrame: Frame | null = null
  /** The signal a line just before the dump named, used when the dump's own signal line is missing. */
  private stated: string | null = null
  private beforeDump = 0

  constructor(first: LogLine) {
    this.draft = new NativeEventDraft(glogFailureSignalFormat.id, first)
    const stated = P.statedSignal.re.exec(first.text)?.groups?.sig
    if (stated) {
      this.stated = normaliseSignal(stated) ?? stated
      this.draft.note(first, 'signal named just before the dump')
    } else {
      this.push(first)
    }
  }

  /** True while only the stated signal was seen: the dump itself has not begun. */
  private get awaitingDump(): boolean {
    return this.stated !== null && !this.sawAborted && this.draft.signal === null
  }

  push(line: LogLine): PushResult {
    const result = this.classify(line)
    if (result === 'taken') {
      this.skipped = 0
      this.skippedBare = 0
      this.draft.take(line)
      return result
    }
    if (result === 'ended') return result
    if (this.awaitingDump && ++this.beforeDump > MAX_BEFORE_DUMP) return 'ended'
    const bare = line.level === null && line.time === null
    if (bare && this.inFrames && line.text.trim() !== '' && ++this.skippedBare > MAX_SKIPPED_BARE) return 'ended'
    return ++this.skipped > MAX_SKIPPED ? 'ended' : 'skipped'
  }

  private classify(line: LogLine): PushResult {
    const text = line.text
    if (P.checkFailure.re.test(text)) return 'ended'
    const aborted = P.abortedAt.re.exec(text)
    if (aborted) return this.onAborted(line, Number(aborted.groups?.unix))
    const header = P.signalHeader.re.exec(text) ?? P.abseilHeader.re.exec(text)
    if (header?.groups) return this.onSignal(line, header.groups)
    const pc = P.pcLine.re.exec(text)
    if (pc?.groups) return this.onPc(pc.groups)
    const frame = parseGlogFrame(text) ?? parseBoostFrame(text)
    if (frame && (this.draft.signal !== null || this.sawPc)) {
      this.inFrames = true
      this.draft.addFrame(frame)
      return 'taken'
    }
    return !this.inFrames && P.bannerLine.re.test(text) ? 'taken' : 'skipped'
  }

  private onAborted(line: LogLine, unix: number): PushResult {
    if (this.sawAborted || this.draft.signal !== null) return 'ended'
    this.sawAborted = true
    this.draft.facts.unixTime = unix
    this.draft.note(line, 'failure signal handler dump')
    return 'taken'
  }

  private onSignal(line: LogLine, g: Record<string, string | undefined>): PushResult {
    if (this.draft.signal !== null || this.inFrames) return 'ended'
    const signal = normaliseSignal(g.sig ?? '') ?? g.sig ?? null
    this.draft.signal = signal
    if (g.pid) this.draft.pid = Number(g.pid)
    if (g.tid) this.draft.facts.tid = g.tid
    if (g.from) this.draft.facts.fromPid = g.from
    if (g.unix) this.draft.facts.unixTime = Number(g.unix)
    const addr = g.addr === undefined ? null : g.addr.includes('nil') ? '0x0' : g.addr.toLowerCase()
    if (addr !== null && signal !== null && FAULTING_SIGNALS.has(signal)) this.draft.faultAddress = addr
    else if (addr !== null) this.draft.facts.siAddr = addr
    this.draft.message = `${g.sig}${g.desc ?? ''}${addr === null ? '' : ` (@${addr})`}`
    this.draft.note(line, 'signal and fault address')
    return 'taken'
  }

  private onPc(g: Record<string, string | undefined>): PushResult {
    if (this.sawPc || this.inFrames) return 'ended'
    this.sawPc = true
    const frame = parseGlogFrame(`@ ${g.addr} ${g.fn ?? ''}`)
    if (frame?.address) this.draft.facts.pc = frame.address
    this.pcFrame = frame && frame.function !== '(unknown)' ? frame : null
    return 'taken'
  }

  finish() {
    if (this.draft.signal === null && this.sawAborted && this.stated !== null) {
      this.draft.signal = this.stated
      this.draft.message = this.stated
      this.draft.facts.signalStatedBefore = true
    }
    const signal = this.draft.signal
    if (signal === null && !this.sawAborted) return []
    const kind = signal === null ? 'abort' : kindOfSignal(signal)
    // A dump for SIGTERM/SIGINT is a kill, not a crash.
    if (kind === null) return []
    if (signal === null) this.draft.facts.signalUnknown = true
    this.draft.kinds.add(kind)
    if (this.draft.frames.length === 0 && this.pcFrame) this.draft.addFrame(this.pcFrame)
    return [this.draft.toEvent()]
  }
}

export const glogFailureSignalFormat: TraceFormat = {
  id: 'glog-failure-signal',
  runtime: 'cpp',
  stage: 'dump',
  triggers: ['*** Aborted at ', ') received by PID ', ' received at time=', 'Signal: SIG'],
  patterns: P,
  detect: (line) => P.abortedAt.re.test(line.text) || P.signalHeader.re.test(line.text) || P.abseilHeader.re.test(line.text) || P.statedSignal.re.test(line.text),
  parse: (first) => new GlogFailureSignalParser(first),
}
