// C/C++ assert() failures (glibc, libstdc++, musl, BSD libc) and Seastar's `Aborting on shard N.` with its Backtrace.
import type {Frame, LogLine, TraceEvent} from '../model.js'
import {addFrame, addKind, startEvent, take} from './cxx-event.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const ASSERT_FAILURE_PATTERNS = {
  // glibc: `prog: file:line: function: Assertion `expr' failed.`; libstdc++ has no prog and quotes with '.
  glibc: {
    re: /Assertion [`'](?<expr>.*)' failed\.?\s*$/,
    examples: [
      "scylla: core/reactor.cc:1896: void reactor::at_exit(std::function<future<>()>): Assertion `!_stopping' failed.",
      "kvserver: /build/kvstore/cpp/mutation_log.cc:212: void kv::mutation_log::append(kv::mutation*): Assertion `_pending != nullptr' failed.",
      "/usr/include/c++/12/bits/stl_vector.h:1123: constexpr std::vector<_Tp, _Alloc>::reference std::vector<_Tp, _Alloc>::operator[](size_type) [with _Tp = int; _Alloc = std::allocator<int>; reference = int&; size_type = long unsigned int]: Assertion '__n < this->size()' failed.",
    ],
  },
  // What precedes `Assertion`: found apart so that a long line cannot make the search quadratic.
  glibcHead: {
    re: /(?:(?<prog>[^\s:]+): )?(?<file>[^\s:]+):(?<line>\d+): (?<func>.*)$/,
    examples: ['scylla: core/reactor.cc:1896: void reactor::at_exit(std::function<future<>()>): ', '/usr/include/c++/12/bits/stl_vector.h:1123: '],
  },
  musl: {
    re: /Assertion failed: (?<expr>.*) \((?<file>[^\s:()]+): (?<func>[^:()]+): (?<line>\d+)\)\s*$/,
    examples: ['Assertion failed: len <= 4086 (path.c: normalize_path: 88)'],
  },
  bsd: {
    re: /Assertion failed: \((?<expr>.*)\), function (?<func>[^,]+), file (?<file>[^,]+), line (?<line>\d+)\.?/,
    examples: ['Assertion failed: (len <= 4086), function normalize_path, file path.cc, line 88.'],
  },
  seastarAbort: {
    re: /^\s*Aborting on shard (?<shard>\d+)\b/,
    examples: ['Aborting on shard 0.', 'Aborting on shard 3, in scheduling group main.'],
  },
  backtraceHeader: {
    re: /^\s*Backtrace:\s*$/,
    examples: ['Backtrace:'],
  },
  addressFrame: {
    re: /^\s*(?:(?<module>[^\s+]+)\+)?(?<addr>0x[0-9a-fA-F]+)\s*$/,
    examples: ['  0x00000000004cc7ca', '  /opt/scylladb/libexec/scylla+0x3c4a2a1'],
  },
  cSource: {
    re: /\.c$/,
    examples: ['path.c'],
  },
} satisfies PatternTable

const P = ASSERT_FAILURE_PATTERNS
const OTHER_STYLES = ['musl', 'bsd'] as const
const MAX_FOREIGN_LINES = 3

interface Assertion {
  expr: string
  file: string | null
  line: number | null
  func: string | null
  prog: string | null
}

function readAssertion(text: string): Assertion | null {
  const glibc = P.glibc.re.exec(text)
  if (glibc) return glibcAssertion(text.slice(0, glibc.index), glibc.groups?.expr ?? '')
  for (const style of OTHER_STYLES) {
    const g = P[style].re.exec(text)?.groups
    if (g) return {expr: g.expr ?? '', file: g.file ?? null, line: g.line ? Number(g.line) : null, func: g.func ?? null, prog: g.prog ?? null}
  }
  return null
}

// Without `file:line: ` before it, `Assertion `x' failed` is prose, not glibc's report.
function glibcAssertion(head: string, expr: string): Assertion | null {
  const g = P.glibcHead.re.exec(head)?.groups
  if (!g) return null
  const func = g.func?.endsWith(': ') ? g.func.slice(0, -2) : null
  return {expr, file: g.file ?? null, line: Number(g.line), func: func || null, prog: g.prog ?? null}
}

class AssertFailureParser implements TraceParser {
  private readonly event: TraceEvent
  private foreign = 0
  private inBacktrace = false

  constructor(first: LogLine) {
    this.event = startEvent(assertFailureFormat.id, 'cpp', first)
    this.event.signal = 'SIGABRT'
    addKind(this.event, 'abort')
    const assertion = readAssertion(first.text)
    if (assertion) this.describe(assertion)
    else this.readShard(first.text)
    take(this.event, first, assertion ? 'assertion failed' : 'Seastar aborts')
  }

  push(line: LogLine): PushResult {
    const text = line.text
    if (readAssertion(text)) return 'ended'
    if (this.read(text)) {
      this.foreign = 0
      take(this.event, line)
      return 'taken'
    }
    if (text.trim() === '') return 'skipped'
    this.inBacktrace = false
    return ++this.foreign > MAX_FOREIGN_LINES ? 'ended' : 'skipped'
  }

  finish(): TraceEvent[] {
    return [this.event]
  }

  private read(text: string): boolean {
    if (this.event.facts.shard === undefined && this.readShard(text)) return true
    if (P.backtraceHeader.re.test(text)) {
      this.inBacktrace = true
      return true
    }
    const g = this.inBacktrace ? P.addressFrame.re.exec(text)?.groups : undefined
    if (!g) return false
    const frame: Frame = {function: '??', file: null, line: null, module: g.module ?? null, address: g.addr ?? null}
    addFrame(this.event, frame)
    return true
  }

  private readShard(text: string): boolean {
    const shard = P.seastarAbort.re.exec(text)?.groups?.shard
    if (shard === undefined) return false
    this.event.facts.shard = Number(shard)
    this.event.message ??= `Aborting on shard ${shard}`
    return true
  }

  private describe(a: Assertion): void {
    const e = this.event
    e.message = `Assertion \`${a.expr}' failed`
    if (a.file !== null) e.facts.assertFile = a.file
    if (a.line !== null) e.facts.assertLine = a.line
    if (a.func !== null) e.facts.assertFunction = a.func
    if (a.prog !== null) e.facts.program = a.prog
    if (a.file !== null && P.cSource.re.test(a.file)) e.runtime = 'c'
  }
}

export const assertFailureFormat: TraceFormat = {
  id: 'assert-failure',
  runtime: 'cpp',
  stage: 'cause',
  triggers: ['Assertion `', "Assertion '", 'Assertion failed: ', 'Aborting on shard'],
  patterns: ASSERT_FAILURE_PATTERNS,
  detect: (line) => readAssertion(line.text) !== null || P.seastarAbort.re.test(line.text),
  parse: (first) => new AssertFailureParser(first),
}
