// rDSN-style log lines, glog failure-signal dumps and tcmalloc reports, written synchronously so
// nothing is lost when the process dies by a signal right after (stdout/stderr are the node's log).
import {writeSync} from 'node:fs'

export type RdsnLevel = 'D' | 'I' | 'W' | 'E' | 'F'

/** Where a line comes from, as rDSN prints it: `replica_stub.cpp:479:on_config_sync()`. */
export interface RdsnOrigin {
  file: string
  line: number
  fn: string
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `2026-11-21 14:28:29.529` in local time, as rDSN's logger prints it. */
export function rdsnTime(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
}

/** Nanoseconds since the epoch, from the wall clock plus the monotonic clock's sub-millisecond part. */
function epochNanos(ms: number): string {
  const sub = process.hrtime.bigint() % 1_000_000n
  return (BigInt(ms) * 1_000_000n + sub).toString()
}

/** One rDSN log line: `D2026-11-21 14:28:29.529 (1732199309529012345 12345) thread: file.cpp:479:fn(): msg`. */
export function formatRdsnLine(level: RdsnLevel, thread: string, origin: RdsnOrigin, message: string, now = new Date()): string {
  return `${level}${rdsnTime(now)} (${epochNanos(now.getTime())} ${process.pid}) ${thread}: ${origin.file}:${origin.line}:${origin.fn}(): ${message}\n`
}

/** Writes whole lines to a file descriptor at once (the supervisor opened it in append mode). */
export function writeLine(fd: 1 | 2, text: string): void {
  writeSync(fd, text.endsWith('\n') ? text : `${text}\n`)
}

/** A logger bound to one rDSN thread name (`replica.default0.0000`); every line goes to stdout. */
export class RdsnLogger {
  constructor(readonly thread: string) {}

  log(level: RdsnLevel, origin: RdsnOrigin, message: string): void {
    writeLine(1, formatRdsnLine(level, this.thread, origin, message))
  }

  /** The same logger on another thread of the pool (`replica.replica2.0000`). */
  on(thread: string): RdsnLogger {
    return new RdsnLogger(thread)
  }
}

/** A code address for a rendered frame: stable per process and index. */
export function renderedAddress(base: number, index: number): string {
  return `0x${(base + ((process.pid * 0x9e37 + index * 0x1f3d1) % 0xfffff)).toString(16)}`
}

export const LIBRARY_BASE = 0x7f3c_1a00_0000
export const BINARY_BASE = 0x55b4_e600_0000

export interface GlogFrame {
  /** Demangled C++ function, or null for `(unknown)` (a frame without symbols). */
  function: string | null
  /** Where the code lives: the server binary or a shared library. */
  in?: 'binary' | 'library'
}

export interface GlogSignalDump {
  signal: 'SIGSEGV' | 'SIGABRT' | 'SIGBUS'
  /** The faulting address (SIGSEGV) or the sender's pid encoded as glog does for SIGABRT. */
  address: number
  frames: readonly GlogFrame[]
}

/** glog's InstallFailureSignalHandler() output, written to stderr. */
export function writeGlogSignalDump(dump: GlogSignalDump): void {
  const unix = Math.floor(Date.now() / 1000)
  const tid = `0x${(LIBRARY_BASE + (process.pid % 0xffff) * 0x1000).toString(16)}`
  const lines = [
    `*** Aborted at ${unix} (unix time) try "date -d @${unix}" if you are using GNU date ***`,
    'PC: @                0x0 (unknown)',
    `*** ${dump.signal} (@0x${dump.address.toString(16)}) received by PID ${process.pid} (TID ${tid}) from PID ${dump.signal === 'SIGABRT' ? process.pid : dump.address}; stack trace: ***`,
    ...dump.frames.map((frame, i) => {
      const base = frame.in === 'binary' ? BINARY_BASE : LIBRARY_BASE
      return `    @     ${renderedAddress(base, i)} ${frame.function ?? '(unknown)'}`
    }),
  ]
  writeLine(2, lines.join('\n'))
}

/** tcmalloc's report of a free of memory it did not hand out (it aborts right after). */
export function writeTcmallocInvalidFree(pointer: number): void {
  writeLine(2, `src/tcmalloc.cc:333] Attempt to free invalid pointer 0x${pointer.toString(16)} `)
}

/** tcmalloc's warning for an allocation over its report threshold, with the caller's return addresses. */
export function writeTcmallocLargeAlloc(bytes: number, pointer: number | null, depth = 8): void {
  const stack = Array.from({length: depth}, (_, i) => renderedAddress(i < 2 ? LIBRARY_BASE : BINARY_BASE, i + 40)).join(' ')
  writeLine(2, `tcmalloc: large alloc ${bytes} bytes == ${pointer === null ? '(nil)' : `0x${pointer.toString(16)}`} @  ${stack}`)
}

/** What libstdc++'s verbose terminate handler prints for an uncaught exception. */
export function writeCxxTerminate(type: string, what: string): void {
  writeLine(2, `terminate called after throwing an instance of '${type}'\n  what():  ${what}`)
}
