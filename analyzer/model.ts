// The analyzer's vocabulary: what a line, a frame, a trace event and a crash are.

export const CRASH_KINDS = [
  'sigsegv',
  'invalid-free',
  'large-alloc',
  'panic',
  'abort',
  'oom',
  'sigbus',
  'sigill',
  'sigfpe',
] as const
export type CrashKind = (typeof CRASH_KINDS)[number]

export type Runtime = 'go' | 'cpp' | 'c' | 'rust' | 'java'

/** One line of a log as the analyzer sees it: where it is, and what its prefix said. */
export interface LogLine {
  /** 1-based line number in its source (virtual lines unescaped from one record share it). */
  lineNo: number
  /** Byte offset of the line's start in its (decompressed) source. */
  offset: number
  /** The line as read: CR, colours (SGR sequences) and a byte-order mark removed, other control characters kept, cut at MAX_LINE_CHARS. */
  raw: string
  /** The line with aggregator/timestamp/level prefixes set aside: what trace parsers match. */
  text: string
  /** Epoch milliseconds from the prefix, when it had a timestamp. */
  time: number | null
  /** Level letter or word from the prefix (I, W, E, F, INFO, FATAL...), upper-cased. */
  level: string | null
  /** Node/host/container named by an aggregator or syslog prefix. */
  node: string | null
  /** Source location named by a glog/rDSN/Go-log header, e.g. `replica_bulk_loader.cpp:479:download_sst_file`. */
  origin: string | null
  /** True when the physical line was longer than the matching limit and was cut. */
  cut: boolean
  /** True for a line of a stack escaped inside a record's field (logfmt `stack=`, zap `"stacktrace"`): a program that lives on logged it. */
  fromField?: boolean
}

export interface Frame {
  function: string
  file?: string | null
  line?: number | null
  /** Shared object or Go package/crate the frame lives in. */
  module?: string | null
  address?: string | null
}

export interface Evidence {
  line: LogLine
  why: string
}

/** What one trace-format parser recognised: one event of one process. */
export interface TraceEvent {
  format: string
  runtime: Runtime | null
  /** Kinds this event shows, e.g. a Go nil dereference is ['panic', 'sigsegv']. */
  kinds: CrashKind[]
  signal: string | null
  message: string | null
  /** Frames of the crashing thread/goroutine, innermost first. */
  frames: Frame[]
  /** Function names of the other threads/goroutines printed with the crash (capped), for rules. */
  otherFrames?: string[]
  faultAddress: string | null
  firstLine: number
  lastLine: number
  /** Key lines that show the crash, in line order. */
  evidence: Evidence[]
  /** True when the process dies here; false for warnings such as a tcmalloc large alloc. */
  terminal: boolean
  /** A whole report under its own header (a goroutine dump with its headers), not a caller list logged after one. */
  fullDump?: boolean
  recovered: boolean
  pid: number | null
  /** Further parsed facts, e.g. {allocBytes: 2560917504, goroutines: 212}. */
  facts: Record<string, string | number | boolean>
}

/** Events of one process close in time, merged: what the report calls a crash. */
export interface Incident {
  source: string
  /** Byte offset of the incident's first line in its source. */
  firstOffset: number
  node: string | null
  events: TraceEvent[]
  /** Lines that preceded the incident on the same node (oldest first), for rules. */
  context: LogLine[]
  /** Lines that followed it on the same node (a restart banner, the shell's exit line). */
  after: LogLine[]
  /** The first lines its traces took, to cite as evidence. */
  traceLines: LogLine[]
}
