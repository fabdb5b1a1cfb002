// rDSN/Pegasus fatal log lines: every F line (dassert, CHECK, LOG_FATAL) is followed by dsn_coredump().
import type {Frame, LogLine} from '../model.js'
import {NativeEventDraft} from './native-event.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const RDSN_FATAL_PATTERNS = {
  rdsnOrigin: {
    re: /^(?<file>[\w.-]+):(?<line>\d+):(?<fn>[^\s:][^\s]*)$/,
    examples: ['replica_bulk_loader.cpp:479:download_sst_file', 'replica_stub.cpp:1919:handle_log_failure'],
  },
  unstrippedFatalLine: {
    // Old rDSN printed the tid in hex and short headers omit file:line:function(); the prefix stripper may leave those.
    re: /^\s*F\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \(\d+ [0-9a-fA-F]+\) [\w.:-]+: (?:(?<origin>[\w.-]+:\d+:[^\s(]+)\(\): )?(?<msg>[^\n]*)$/,
    examples: [
      'F2019-01-14 16:25:19.417 (1547454319417562148 692c) replica.replica3.0000: replica_stub.cpp:1919:handle_log_failure(): assertion expression: false',
      'F2024-05-22 14:28:29.529 (1716359309529123456 12345) replica.default0.0000: assertion expression: [_handlers.empty()] All commands must be deregistered',
    ],
  },
  assertion: {
    re: /^\s*assertion expression: (?<expr>[^\n]*)$/,
    examples: ['assertion expression: [file_index < _metadata.files.size()] invalid file index', 'assertion expression: err == ERR_OK'],
  },
} as const satisfies PatternTable

const P = RDSN_FATAL_PATTERNS
/** Lines of other threads tolerated before the process is gone (dsn_coredump follows at once). */
const MAX_SKIPPED = 5
/** dassert logs the expression and the message as two F lines: keep a few. */
const MAX_FATAL_LINES = 4

interface FatalLine {
  message: string
  origin: string | null
}

function fatalLine(line: LogLine): FatalLine | null {
  if (line.level === 'F' && line.origin !== null && P.rdsnOrigin.re.test(line.origin)) {
    return {message: line.text.trim(), origin: line.origin}
  }
  const m = P.unstrippedFatalLine.re.exec(line.text)
  return m?.groups ? {message: (m.groups.msg ?? '').trim(), origin: m.groups.origin ?? null} : null
}

function frameOf(origin: string | null): Frame | null {
  const g = origin === null ? undefined : P.rdsnOrigin.re.exec(origin)?.groups
  return g ? {function: g.fn ?? '', file: g.file ?? null, line: Number(g.line)} : null
}

class RdsnFatalParser implements TraceParser {
  private readonly draft: NativeEventDraft
  private readonly messages: string[] = []
  private skipped = 0

  constructor(first: LogLine, fatal: FatalLine) {
    this.draft = new NativeEventDraft(rdsnFatalFormat.id, first)
    this.messages.push(fatal.message)
    if (fatal.origin !== null) this.draft.facts.origin = fatal.origin
    const frame = frameOf(fatal.origin)
    if (frame) this.draft.addFrame(frame)
    const assertion = P.assertion.re.exec(fatal.message)
    if (assertion) this.draft.facts.assertion = assertion.groups?.expr ?? ''
    this.draft.note(first, assertion ? 'rDSN assertion failed (dsn_coredump follows)' : 'rDSN fatal log line (dsn_coredump follows)')
  }

  push(line: LogLine): PushResult {
    const fatal = fatalLine(line)
    if (fatal && this.messages.length < MAX_FATAL_LINES) {
      this.messages.push(fatal.message)
      this.skipped = 0
      this.draft.note(line, 'rDSN fatal message')
      return 'taken'
    }
    return ++this.skipped > MAX_SKIPPED ? 'ended' : 'skipped'
  }

  finish() {
    this.draft.kinds.add('abort')
    this.draft.message = this.messages.join('; ')
    return [this.draft.toEvent()]
  }
}

export const rdsnFatalFormat: TraceFormat = {
  id: 'rdsn-fatal',
  runtime: 'cpp',
  stage: 'cause',
  // rDSN headers start with level + year: 'F2024-05-22 ...'.
  triggers: ['F20'],
  patterns: P,
  detect: (line) => fatalLine(line) !== null,
  parse: (first) => new RdsnFatalParser(first, fatalLine(first) ?? {message: first.text.trim(), origin: first.origin}),
}
