// C/C++ assert() failures (glibc, libstdc++, musl, BSD libc). Seastar's `Aborting on shard N.` that follows is seastar-signal's.
import type {LogLine, TraceEvent} from '../model.js'
import {addKind, startEvent, take} from './cxx-event.js'
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
    re: /(?:(?<prog>[^\s:]{1,256}): )?(?<file>[^\s:]{1,512}):(?<line>\d{1,9}): (?<func>.*)$/,
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
  cSource: {
    re: /\.c$/,
    examples: ['path.c'],
  },
} satisfies PatternTable

const P = ASSERT_FAILURE_PATTERNS
const OTHER_STYLES = ['musl', 'bsd'] as const

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

/** The assertion line is the whole report: the abort dump and shell line after it are other formats'. */
class AssertFailureParser implements TraceParser {
  private readonly event: TraceEvent

  constructor(first: LogLine, assertion: Assertion) {
    this.event = startEvent(assertFailureFormat.id, 'cpp', first)
    this.event.signal = 'SIGABRT'
    addKind(this.event, 'abort')
    this.describe(assertion)
    take(this.event, first, 'assertion failed')
  }

  push(): PushResult {
    return 'ended'
  }

  finish(): TraceEvent[] {
    return [this.event]
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
  triggers: ['Assertion `', "Assertion '", 'Assertion failed: '],
  patterns: ASSERT_FAILURE_PATTERNS,
  detect: (line) => readAssertion(line.text) !== null,
  parse: (first) => new AssertFailureParser(first, readAssertion(first.text) ?? {expr: '', file: null, line: null, func: null, prog: null}),
}
