// glibc's fatal checks (malloc_printerr, __libc_fatal, __fortify_fail): the message, then abort(); old glibc adds a backtrace and a memory map.
import type {CrashKind, LogLine} from '../model.js'
import {NativeEventDraft} from './native-event.js'
import {parseGlibcBacktraceFrame} from './native-frames.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const GLIBC_MALLOC_PATTERNS = {
  modernMessage: {
    // glibc >= 2.26 prints the bare message; it must end the line (a gdb frame quotes it: "...").
    re: /(?:^|[\s\]>|:])(?<msg>(?:free|malloc|realloc|calloc|memalign|posix_memalign|malloc_consolidate|munmap_chunk|mremap_chunk|tcache_thread_shutdown|_int_free|_int_malloc|_int_realloc|_int_memalign)\(\): (?:invalid|double|corrupted|memory|unaligned|smallbin|largebin|mismatching|unsorted|too many|chunk|bug)\b[\w .,>()!/-]{0,80}|double free or corruption \((?:out|top|fasttop|!prev)\)|corrupted size vs\. prev_size(?: in fastbins| while consolidating)?|corrupted double-linked list(?: \(not small\))?)\s*$/,
    examples: [
      'free(): invalid pointer',
      'free(): double free detected in tcache 2',
      'double free or corruption (!prev)',
      'munmap_chunk(): invalid pointer',
      'malloc(): corrupted top size',
      'corrupted size vs. prev_size',
      'malloc(): invalid next->prev_inuse (unsorted)',
    ],
  },
  errorIn: {
    // glibc 2.18-2.25: "*** Error in `prog': <message>: 0x... ***", possibly after a shell prompt.
    re: /\*\*\* Error in `(?<prog>[^`'\n]{1,512})': (?<msg>[^*\n]{1,200}?): (?<ptr>0x[0-9a-fA-F]{1,16}) \*\*\*/,
    examples: ["*** Error in `./kvserver': double free or corruption (fasttop): 0x0000000001b5c030 ***"],
  },
  glibcDetected: {
    // glibc < 2.18.
    re: /\*\*\* glibc detected \*\*\* (?<prog>[^:\n]{1,512}): (?<msg>[^*\n]{1,200}?): (?<ptr>0x[0-9a-fA-F]{1,16}) \*\*\*/,
    examples: ['*** glibc detected *** /usr/bin/kvserver: free(): invalid next size (fast): 0x00000000024ea010 ***'],
  },
  fatalGlibcError: {
    re: /Fatal glibc error: (?<msg>\S[^\n]{0,300})$/,
    examples: ['Fatal glibc error: malloc.c:4376 (_int_malloc): assertion failed: (unsigned long) (size) >= (unsigned long) (nb)'],
  },
  fortifyFail: {
    re: /\*\*\* (?<msg>stack smashing detected|buffer overflow detected|longjmp causes uninitialized stack frame) \*\*\*/,
    examples: ['*** stack smashing detected ***: terminated', '*** buffer overflow detected ***: ./kvserver terminated'],
  },
  invalidFreeMessage: {
    // Checks that fire inside free()/munmap/realloc of a bad pointer: the corpus counts them as invalid frees.
    re: /^(?:free\(\)|_int_free\(\)|munmap_chunk\(\)|mremap_chunk\(\)|realloc\(\): invalid (?:pointer|old size)|double free or corruption)/,
    examples: ['free(): invalid size', 'double free or corruption (out)', 'munmap_chunk(): invalid pointer', 'realloc(): invalid pointer'],
  },
  backtraceHeader: {
    re: /^\s*=+ Backtrace: =+\s*$/,
    examples: ['======= Backtrace: ========='],
  },
  memoryMapHeader: {
    re: /^\s*=+ Memory map: =+\s*$/,
    examples: ['======= Memory map: ========'],
  },
  memoryMapLine: {
    re: /^\s*[0-9a-fA-F]{4,16}-[0-9a-fA-F]{4,16} [-r][-w][-x][-ps] [0-9a-fA-F]{8} /,
    examples: ['00400000-00401000 r-xp 00000000 fd:00 940614                             /usr/bin/kvserver'],
  },
} as const satisfies PatternTable

const P = GLIBC_MALLOC_PATTERNS
const MESSAGE_PATTERNS = [P.errorIn, P.glibcDetected, P.modernMessage, P.fatalGlibcError, P.fortifyFail] as const
/** Other threads' prefixed lines tolerated inside an old-style backtrace. */
const MAX_SKIPPED = 3

interface GlibcMessage {
  msg: string
  prog?: string
  ptr?: string
}

function messageOf(line: LogLine): GlibcMessage | null {
  // glibc writes bare lines to stderr: a leveled log statement quoting it is not glibc speaking.
  if (line.origin !== null || line.level !== null) return null
  for (const entry of MESSAGE_PATTERNS) {
    const g = entry.re.exec(line.text)?.groups
    if (g?.msg) return {msg: g.msg.trim(), prog: g.prog, ptr: g.ptr}
  }
  return null
}

function kindsOf(msg: string): CrashKind[] {
  return P.invalidFreeMessage.re.test(msg) ? ['invalid-free', 'abort'] : ['abort']
}

type Section = 'message' | 'backtrace' | 'map'

class GlibcMallocParser implements TraceParser {
  private readonly draft: NativeEventDraft
  private section: Section = 'message'
  private skipped = 0

  constructor(first: LogLine, found: GlibcMessage) {
    this.draft = new NativeEventDraft(glibcMallocFormat.id, first, null)
    for (const kind of kindsOf(found.msg)) this.draft.kinds.add(kind)
    this.draft.signal = 'SIGABRT'
    this.draft.message = found.msg
    if (found.ptr) this.draft.facts.pointer = found.ptr
    if (found.prog) this.draft.facts.program = found.prog
    this.draft.note(first, this.draft.kinds.has('invalid-free') ? 'invalid free detected by glibc (abort follows)' : 'heap corruption detected by glibc (abort follows)')
  }

  push(line: LogLine): PushResult {
    const text = line.text
    if (P.backtraceHeader.re.test(text) && this.section === 'message') return this.enter('backtrace', line)
    if (P.memoryMapHeader.re.test(text) && this.section !== 'map') return this.enter('map', line)
    const frame = this.section === 'backtrace' ? parseGlibcBacktraceFrame(text) : null
    if (frame) this.draft.addFrame(frame)
    if (frame || (this.section === 'map' && P.memoryMapLine.re.test(text))) return this.enter(this.section, line)
    const prefixed = line.level !== null || line.time !== null
    if (this.section === 'message' || !prefixed) return 'ended'
    return ++this.skipped > MAX_SKIPPED ? 'ended' : 'skipped'
  }

  private enter(section: Section, line: LogLine): PushResult {
    this.section = section
    this.skipped = 0
    this.draft.take(line)
    return 'taken'
  }

  finish() {
    return [this.draft.toEvent()]
  }
}

export const glibcMallocFormat: TraceFormat = {
  id: 'glibc-malloc',
  // glibc aborts C, C++ and cgo programs alike.
  runtime: null,
  stage: 'cause',
  triggers: [
    'free(): ',
    'malloc(): ',
    'realloc(): ',
    'calloc(): ',
    'memalign(): ',
    'munmap_chunk(): ',
    'mremap_chunk(): ',
    'malloc_consolidate(): ',
    'tcache_thread_shutdown(): ',
    'double free or corruption',
    'corrupted size vs. prev_size',
    'corrupted double-linked list',
    '*** Error in `',
    '*** glibc detected ***',
    'Fatal glibc error: ',
    'stack smashing detected',
    'buffer overflow detected',
    'longjmp causes uninitialized stack frame',
  ],
  patterns: P,
  detect: (line) => messageOf(line) !== null,
  parse: (first) => new GlibcMallocParser(first, messageOf(first) ?? {msg: first.text.trim()}),
}
