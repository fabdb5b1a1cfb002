// What an AddressSanitizer `ERROR:` headline reports, and which crash kinds that is.
import type {CrashKind} from '../model.js'
import {kindOfSignal, normaliseSignal} from './native-signals.js'
import type {PatternEntry, PatternTable} from './types.js'

interface AsanErrorClass extends PatternEntry {
  /** The SUMMARY name of the report, when the headline does not carry it. */
  type: string
  /** Kinds besides a signal's own: every non-signal report ends the process on purpose (==ABORTING). */
  kinds: readonly CrashKind[]
}

// First match wins: specific wordings before the generic `<type> on address` shape.
export const ASAN_ERROR_CLASSES = {
  signalHeadline: {
    re: /^(?<type>[A-Z]{3,5}) on unknown address(?: (?<addr>0x[0-9a-fA-F]+))?/,
    examples: ['SEGV on unknown address 0x000000000000 (pc 0x55cecbe03965 bp 0x7ffd1795fed0 sp 0x7ffd1795fed0 T0)', 'FPE on unknown address 0x55f1e3a2b4c1 (pc 0x55f1e3a2b4c1 bp 0x7ffe22 sp 0x7ffe10 T3)'],
    type: 'signal',
    kinds: [],
  },
  // Stack overflow is a SIGSEGV on the guard page.
  stackOverflow: {
    re: /^stack-overflow on address (?<addr>0x[0-9a-fA-F]+)/,
    examples: ['stack-overflow on address 0x7ffd4c3f9ff8 (pc 0x5581e0c4b2a1 bp 0x7ffd4c3fa010 sp 0x7ffd4c3fa000 T0)'],
    type: 'stack-overflow',
    kinds: ['sigsegv'],
  },
  doubleFree: {
    re: /^attempting double-free on (?<addr>0x[0-9a-fA-F]+)/,
    examples: ['attempting double-free on 0x602000000010 in thread T0:'],
    type: 'double-free',
    kinds: ['invalid-free', 'abort'],
  },
  badFree: {
    re: /^attempting free on address which was not malloc\(\)-ed: (?<addr>0x[0-9a-fA-F]+)/,
    examples: ['attempting free on address which was not malloc()-ed: 0x7ffc8a5e0a40 in thread T0'],
    type: 'bad-free',
    kinds: ['invalid-free', 'abort'],
  },
  deallocMismatch: {
    re: /^(?<type>alloc-dealloc-mismatch|new-delete-type-mismatch)\b(?:.* on (?<addr>0x[0-9a-fA-F]+))?/,
    examples: ['alloc-dealloc-mismatch (operator new [] vs operator delete) on 0x602000000010', 'new-delete-type-mismatch on 0x603000000040 in thread T0:'],
    type: 'alloc-dealloc-mismatch',
    kinds: ['invalid-free', 'abort'],
  },
  // An absurd size (a garbage length) rather than an exhausted heap: tcmalloc's "large alloc" family.
  sizeTooBig: {
    re: /^requested allocation size (?<size>0x[0-9a-fA-F]+)/,
    examples: ['requested allocation size 0xffffffffd4a51000 (0xffffffffd4a52000 after adjustments for alignment, red zones etc.) exceeds maximum supported size of 0x10000000000 (thread T0)'],
    type: 'allocation-size-too-big',
    kinds: ['large-alloc', 'abort'],
  },
  callocOverflow: {
    re: /^calloc parameters overflow/,
    examples: ['calloc parameters overflow: count * size (-1 * 1000) cannot be represented in type size_t (thread T0)'],
    type: 'calloc-overflow',
    kinds: ['large-alloc', 'abort'],
  },
  outOfMemory: {
    re: /^(?:out of memory: allocator is trying to allocate|allocator is out of memory trying to allocate) (?<size>0x[0-9a-fA-F]+)/,
    examples: ['out of memory: allocator is trying to allocate 0x500000010 bytes'],
    type: 'out-of-memory',
    kinds: ['oom', 'abort'],
  },
  rssLimit: {
    re: /^allocator exceeded the RSS limit|^(?:hard )?rss limit exhausted/,
    examples: ['allocator exceeded the RSS limit'],
    type: 'rss-limit-exceeded',
    kinds: ['oom', 'abort'],
  },
  // heap-use-after-free, heap-buffer-overflow, stack-use-after-scope, use-after-poison, unknown-crash...
  memoryError: {
    re: /^(?<type>[a-z][a-z-]+) on (?:address )?(?<addr>0x[0-9a-fA-F]+)/,
    examples: ['heap-use-after-free on address 0x60b0000000f0 at pc 0x55d0e4c0e1a2 bp 0x7ffe5b3c2a50 sp 0x7ffe5b3c2a48', 'heap-buffer-overflow on address 0x602000000014 at pc 0x4f5e2b bp 0x7ffc sp 0x7ffc'],
    type: 'memory-error',
    kinds: ['abort'],
  },
  other: {
    re: /^(?<type>[A-Za-z][\w-]*)/,
    examples: ['memcpy-param-overlap: memory ranges [0x6020000000f0,0x6020000000f5) and [0x6020000000f2, 0x6020000000f7) overlap'],
    type: 'other',
    kinds: ['abort'],
  },
} satisfies Record<string, AsanErrorClass>

export const ASAN_ERROR_PATTERNS: PatternTable = ASAN_ERROR_CLASSES

export interface AsanError {
  /** SUMMARY-style name: 'SEGV', 'heap-use-after-free', 'double-free'... */
  type: string
  kinds: CrashKind[]
  signal: string | null
  address: string | null
  allocBytes: number | null
}

/** Classifies the text after `ERROR: AddressSanitizer: `. */
export function classifyAsanError(headline: string): AsanError {
  for (const entry of Object.values(ASAN_ERROR_CLASSES) as AsanErrorClass[]) {
    const g = entry.re.exec(headline)?.groups
    if (!g) continue
    const signal = entry.type === 'signal' ? normaliseSignal(g.type ?? '') : entry.kinds.includes('sigsegv') ? 'SIGSEGV' : null
    const kinds = [...entry.kinds]
    const signalKind = entry.type === 'signal' && signal ? kindOfSignal(signal) : null
    if (signalKind && !kinds.includes(signalKind)) kinds.push(signalKind)
    const type = entry.type === 'signal' || entry.type === 'memory-error' || entry.type === 'other' ? (g.type ?? entry.type) : entry.type
    const size = g.size ? Number.parseInt(g.size, 16) : null
    return {type, kinds, signal, address: g.addr ?? null, allocBytes: size !== null && Number.isSafeInteger(size) ? size : null}
  }
  return {type: 'other', kinds: ['abort'], signal: null, address: null, allocBytes: null}
}

/** Classifies a SUMMARY type ('SEGV', 'double-free', 'heap-use-after-free'...): what is left when the ERROR line is lost. */
export function classifyAsanSummary(type: string): AsanError {
  if (normaliseSignal(type) !== null) return classifyAsanError(`${type} on unknown address`)
  const entry = (Object.values(ASAN_ERROR_CLASSES) as AsanErrorClass[]).find((e) => e.type === type)
  const kinds: CrashKind[] = entry ? [...entry.kinds] : ['abort']
  return {type, kinds, signal: kinds.includes('sigsegv') ? 'SIGSEGV' : null, address: null, allocBytes: null}
}
