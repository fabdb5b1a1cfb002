// C++ runtime terminations: libstdc++'s verbose terminate handler, libc++abi, pure virtual calls.
import type {LogLine, TraceEvent} from '../model.js'
import {addKind, mentionsOutOfMemory, NATIVE_PATTERNS, startEvent, take} from './cxx-event.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const CXX_TERMINATE_PATTERNS = {
  uncaught: {
    re: /terminate called after throwing an instance of '(?<type>[^']+)'?/,
    examples: ["terminate called after throwing an instance of 'std::bad_alloc'", "terminate called after throwing an instance of 'boost::wrapexcept<std::length_error>'"],
  },
  noException: {
    re: /terminate called without an active exception/,
    examples: ['terminate called without an active exception'],
  },
  recursive: {
    re: /terminate called recursively/,
    examples: ['terminate called recursively'],
  },
  pureVirtual: {
    re: /^\s*pure virtual method called|libc\+\+abi(?:\.dylib)?: Pure virtual function called/,
    examples: ['pure virtual method called', 'libc++abi: Pure virtual function called!'],
  },
  libcxxUncaught: {
    re: /libc\+\+abi(?:\.dylib)?: terminat(?:ing|e called) (?:due to|with) uncaught (?:foreign )?exception(?: of type (?<rest>.+))?$/,
    examples: ['libc++abi: terminating due to uncaught exception of type std::runtime_error: cannot open wal', 'libc++abi.dylib: terminating with uncaught exception of type std::bad_alloc: std::bad_alloc'],
  },
  libcxxTerminating: {
    re: /libc\+\+abi(?:\.dylib)?: terminating\s*$/,
    examples: ['libc++abi: terminating'],
  },
  what: {
    re: /(?:^|\s)what\(\):\s*(?<what>.*?)\s*$/,
    examples: ['  what():  std::bad_alloc', '  what():  basic_string::_M_create'],
  },
  outOfMemory: NATIVE_PATTERNS.outOfMemory,
} satisfies PatternTable

const P = CXX_TERMINATE_PATTERNS
/** Lines of other writers tolerated between the header and what() (allocator complaints, other threads). */
const MAX_FOREIGN_LINES = 10
const MAX_FOREIGN_AFTER_WHAT = 3

interface Start {
  message: string
  exceptionType: string | null
  what: string | null
  why: string
}

/** What a line that can start a termination says, or null. */
function readStart(text: string): Start | null {
  const type = P.uncaught.re.exec(text)?.groups?.type
  if (type !== undefined) return {message: '', exceptionType: type, what: null, why: 'uncaught exception'}
  const rest = P.libcxxUncaught.re.exec(text)?.groups
  if (rest) return libcxxStart(rest.rest ?? null)
  if (P.pureVirtual.re.test(text)) return {message: 'pure virtual method called', exceptionType: null, what: null, why: 'pure virtual call'}
  if (P.noException.re.test(text)) return {message: 'terminate called without an active exception', exceptionType: null, what: null, why: 'std::terminate'}
  if (P.recursive.re.test(text)) return {message: 'terminate called recursively', exceptionType: null, what: null, why: 'std::terminate'}
  if (P.libcxxTerminating.re.test(text)) return {message: 'terminate called', exceptionType: null, what: null, why: 'std::terminate'}
  return null
}

// libc++ puts type and what() on one line: `of type std::runtime_error: boom`.
function libcxxStart(rest: string | null): Start {
  if (rest === null) return {message: 'uncaught foreign exception', exceptionType: null, what: null, why: 'uncaught exception'}
  const colon = rest.indexOf(': ')
  const type = colon >= 0 ? rest.slice(0, colon) : rest
  return {message: '', exceptionType: type.trim(), what: colon >= 0 ? rest.slice(colon + 2).trim() : null, why: 'uncaught exception'}
}

class CxxTerminateParser implements TraceParser {
  private readonly event: TraceEvent
  private readonly start: Start
  private foreign = 0

  constructor(first: LogLine) {
    this.event = startEvent(cxxTerminateFormat.id, 'cpp', first)
    this.start = readStart(first.text) as Start
    this.event.signal = 'SIGABRT'
    take(this.event, first, this.start.why)
  }

  push(line: LogLine): PushResult {
    const text = line.text
    if (this.read(text)) {
      this.foreign = 0
      take(this.event, line, P.what.re.test(text) ? 'exception what()' : undefined)
      return 'taken'
    }
    if (text.trim() === '') return 'skipped'
    const limit = this.start.what === null ? MAX_FOREIGN_LINES : MAX_FOREIGN_AFTER_WHAT
    return ++this.foreign > limit ? 'ended' : 'skipped'
  }

  private read(text: string): boolean {
    const what = P.what.re.exec(text)?.groups?.what
    if (what !== undefined && this.start.exceptionType !== null && this.start.what === null) {
      this.start.what = what
      return true
    }
    // The terminate after a pure virtual call, and terminations of other threads, are this one's echo.
    if (P.recursive.re.test(text) || (P.noException.re.test(text) && this.start.why === 'pure virtual call')) {
      this.event.facts.recursiveTerminations = Number(this.event.facts.recursiveTerminations ?? 0) + (P.recursive.re.test(text) ? 1 : 0)
      return true
    }
    return false
  }

  finish(): TraceEvent[] {
    const {event: e, start: s} = this
    e.message = s.exceptionType === null ? s.message : uncaughtMessage(s.exceptionType, s.what)
    if (s.exceptionType !== null) e.facts.exceptionType = s.exceptionType
    if (s.what !== null) e.facts.what = s.what
    if (mentionsOutOfMemory(`${s.exceptionType ?? ''}\n${s.what ?? ''}`)) addKind(e, 'oom')
    addKind(e, 'abort')
    if (e.facts.recursiveTerminations === 0) delete e.facts.recursiveTerminations
    return [e]
  }
}

function uncaughtMessage(type: string, what: string | null): string {
  return what === null || what === type ? `uncaught ${type}` : `uncaught ${type}: ${what}`
}

export const cxxTerminateFormat: TraceFormat = {
  id: 'cxx-terminate',
  runtime: 'cpp',
  stage: 'cause',
  triggers: ['terminate called', 'pure virtual method called', 'libc++abi'],
  patterns: CXX_TERMINATE_PATTERNS,
  detect: (line) => readStart(line.text) !== null,
  parse: (first) => new CxxTerminateParser(first),
}
