// Every trace format the analyzer knows. Order matters only when two formats detect the same
// line: the more specific comes first.
import {asanFormat} from './asan.js'
import {assertFailureFormat} from './assert-failure.js'
import {cxxTerminateFormat} from './cxx-terminate.js'
import {glibcMallocFormat} from './glibc-malloc.js'
import {glogFailureSignalFormat} from './glog-failure-signal.js'
import {glogFatalFormat} from './glog-fatal.js'
import {rdsnFatalFormat} from './rdsn-fatal.js'
import {rustPanicFormat} from './rust-panic.js'
import {tcmallocFormat} from './tcmalloc.js'
import type {TraceFormat} from './types.js'

export const TRACE_FORMATS: readonly TraceFormat[] = [
  glogFailureSignalFormat,
  glogFatalFormat,
  rdsnFatalFormat,
  tcmallocFormat,
  glibcMallocFormat,
  asanFormat,
  cxxTerminateFormat,
  // Before gdb-backtrace: Seastar's address-only backtraces look like gdb frames.
  assertFailureFormat,
  rustPanicFormat,
]
