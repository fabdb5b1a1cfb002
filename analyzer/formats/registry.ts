// Every trace format the analyzer knows. Order matters only when two formats detect the same
// line: the more specific comes first.
import {asanFormat} from './asan.js'
import {assertFailureFormat} from './assert-failure.js'
import {cxxTerminateFormat} from './cxx-terminate.js'
import {glibcMallocFormat} from './glibc-malloc.js'
import {goPanicFormat} from './go-panic.js'
import {goStackFormat} from './go-stack.js'
import {goTracebackFormat} from './go-traceback.js'
import {glogFailureSignalFormat} from './glog-failure-signal.js'
import {glogFatalFormat} from './glog-fatal.js'
import {rdsnFatalFormat} from './rdsn-fatal.js'
import {rustPanicFormat} from './rust-panic.js'
import {tcmallocFormat} from './tcmalloc.js'
import type {TraceFormat} from './types.js'

export const TRACE_FORMATS: readonly TraceFormat[] = [
  goPanicFormat,
  goTracebackFormat,
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
  // Last: it takes any Go stack no runtime header announced, so every other format goes first.
  goStackFormat,
]
