// gperftools tcmalloc reports: invalid free (then abort), 'large alloc' warnings and allocation failures.
import type {LogLine} from '../model.js'
import {NativeEventDraft} from './native-event.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const TCMALLOC_PATTERNS = {
  invalidPointer: {
    // Log(kCrash, ...): tcmalloc calls abort() right after.
    re: /(?<what>Attempt to (?:free|realloc) invalid pointer|Attempt to get the size of an invalid pointer):? (?<ptr>0x[0-9a-fA-F]{1,16}|\(nil\))/,
    examples: [
      'src/tcmalloc.cc:332] Attempt to free invalid pointer 0x623ff80',
      'src/tcmalloc.cc:290] Attempt to realloc invalid pointer 0x7f32a1c0e000 ',
    ],
  },
  logOrigin: {
    // tcmalloc's Log() names its own source line first.
    re: /^\s*(?<origin>[\w./-]{1,200}\.cc:\d{1,6})\] /,
    examples: ['src/tcmalloc.cc:332] Attempt to free invalid pointer 0x623ff80'],
  },
  largeAlloc: {
    re: /tcmalloc: large alloc (?<bytes>\d{1,20}) bytes(?: == (?<ptr>0x[0-9a-fA-F]{1,16}|\(nil\)|0))?(?: *@ *(?<stack>[^\n]*))?/,
    examples: [
      'tcmalloc: large alloc 2560917504 bytes == 0x55e9f2c4e000 @  0x7f6735778b66 0x7f673576b444 0x55e9d1a2c3be',
      'tcmalloc: large alloc 3489660928 bytes == (nil) @  0x7feaef49d538 0x7feaef4bbf44',
      'tcmalloc: large alloc 1073741824 bytes',
    ],
  },
  allocationFailed: {
    re: /tcmalloc: allocation failed(?: (?<bytes>\d{1,20}))?/,
    examples: ['src/central_freelist.cc:333] tcmalloc: allocation failed 16384 ', 'src/page_heap.cc:112] tcmalloc: allocation failed 73728'],
  },
  stackAddress: {
    re: /^0x[0-9a-fA-F]{1,16}$/,
    examples: ['0x7feaef49d538'],
  },
} as const satisfies PatternTable

const P = TCMALLOC_PATTERNS
/** Unrelated lines tolerated between two reports of one run of large allocs / failed allocations. */
const MAX_SKIPPED = 10

/** One invalid free: its own event, the process aborts at once. */
class InvalidPointerParser implements TraceParser {
  private readonly draft: NativeEventDraft

  constructor(first: LogLine, g: Record<string, string | undefined>) {
    this.draft = new NativeEventDraft(tcmallocFormat.id, first)
    this.draft.kinds.add('invalid-free').add('abort')
    this.draft.signal = 'SIGABRT'
    this.draft.message = `${g.what} ${g.ptr}`
    this.draft.facts.pointer = g.ptr ?? ''
    const origin = P.logOrigin.re.exec(first.text)?.groups?.origin
    if (origin) this.draft.facts.origin = origin
    this.draft.note(first, 'invalid free reported by tcmalloc (abort follows)')
  }

  push(): PushResult {
    return 'ended'
  }

  finish() {
    return [this.draft.toEvent()]
  }
}

/** A run of 'large alloc' and 'allocation failed' reports: one event with the largest size and counts. */
class AllocRunParser implements TraceParser {
  private readonly draft: NativeEventDraft
  private largeAllocs = 0
  private failedAllocs = 0
  private maxBytes = -1
  private maxFailedBytes = -1
  private skipped = 0

  constructor(first: LogLine) {
    this.draft = new NativeEventDraft(tcmallocFormat.id, first)
    this.draft.terminal = false
    this.push(first)
  }

  push(line: LogLine): PushResult {
    const large = P.largeAlloc.re.exec(line.text)
    if (large?.groups) return this.onLargeAlloc(line, large.groups)
    const failed = P.allocationFailed.re.exec(line.text)
    if (failed?.groups) return this.onFailed(line, Number(failed.groups.bytes ?? 0), failed[0].trim())
    if (P.invalidPointer.re.test(line.text)) return 'ended'
    return ++this.skipped > MAX_SKIPPED ? 'ended' : 'skipped'
  }

  private onLargeAlloc(line: LogLine, g: Record<string, string | undefined>): PushResult {
    const bytes = Number(g.bytes)
    const failed = g.ptr === '(nil)' || g.ptr === '0'
    this.largeAllocs++
    this.skipped = 0
    this.draft.kinds.add('large-alloc')
    if (failed) this.noteFailure(line, bytes, `tcmalloc: large alloc ${bytes} bytes == ${g.ptr}`)
    if (bytes > this.maxBytes) {
      this.maxBytes = bytes
      this.draft.clearFrames()
      for (const word of (g.stack ?? '').split(/\s+/)) {
        if (P.stackAddress.re.test(word)) this.draft.addFrame({function: '(unknown)', address: word})
      }
      if (this.failedAllocs === 0) this.draft.message = `tcmalloc: large alloc ${bytes} bytes`
      if (!failed) this.draft.note(line, 'tcmalloc large alloc')
    }
    this.draft.take(line)
    return 'taken'
  }

  private onFailed(line: LogLine, bytes: number, message: string): PushResult {
    this.skipped = 0
    this.noteFailure(line, bytes, message)
    this.draft.take(line)
    return 'taken'
  }

  private noteFailure(line: LogLine, bytes: number, message: string): void {
    this.failedAllocs++
    this.draft.kinds.add('oom')
    if (bytes > this.maxFailedBytes) {
      this.maxFailedBytes = bytes
      this.draft.message = message
      this.draft.note(line, 'allocation failed: out of memory')
    }
  }

  finish() {
    const f = this.draft.facts
    f.allocBytes = Math.max(this.maxBytes, this.maxFailedBytes, 0)
    if (this.largeAllocs > 0) f.largeAllocs = this.largeAllocs
    if (this.failedAllocs > 0) f.failedAllocs = this.failedAllocs
    return [this.draft.toEvent()]
  }
}

export const tcmallocFormat: TraceFormat = {
  id: 'tcmalloc',
  runtime: 'cpp',
  stage: 'cause',
  triggers: ['Attempt to free invalid pointer', 'Attempt to realloc invalid pointer', 'Attempt to get the size of an invalid pointer', 'tcmalloc: large alloc ', 'tcmalloc: allocation failed'],
  patterns: P,
  detect: (line) =>
    line.origin === null &&
    (P.invalidPointer.re.test(line.text) || P.largeAlloc.re.test(line.text) || P.allocationFailed.re.test(line.text)),
  parse: (first) => {
    const invalid = P.invalidPointer.re.exec(first.text)
    return invalid?.groups ? new InvalidPointerParser(first, invalid.groups) : new AllocRunParser(first)
  },
}
