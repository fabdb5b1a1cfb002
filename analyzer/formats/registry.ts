// Every trace format the analyzer knows. Order matters only when two formats detect the same
// line: the more specific comes first.
import {asanFormat} from './asan.js'
import {assertFailureFormat} from './assert-failure.js'
import {backtraceSymbolsFormat} from './backtrace-symbols.js'
import {cephBacktraceFormat} from './ceph-backtrace.js'
import {cephCaughtSignalFormat} from './ceph-caught-signal.js'
import {clickhouseSignalFormat} from './clickhouse-signal.js'
import {coredumpctlFormat} from './coredumpctl.js'
import {cxxTerminateFormat} from './cxx-terminate.js'
import {gdbBacktraceFormat} from './gdb-backtrace.js'
import {glibcMallocFormat} from './glibc-malloc.js'
import {glogFailureSignalFormat} from './glog-failure-signal.js'
import {glogFatalFormat} from './glog-fatal.js'
import {goPanicFormat} from './go-panic.js'
import {goStackFormat} from './go-stack.js'
import {goTracebackFormat} from './go-traceback.js'
import {javaExceptionFormat} from './java-exception.js'
import {jvmFatalErrorFormat} from './jvm-fatal-error.js'
import {kernelLogFormat} from './kernel-log.js'
import {mongodbFatalFormat} from './mongodb-fatal.js'
import {rdsnFatalFormat} from './rdsn-fatal.js'
import {redisBugReportFormat} from './redis-bug-report.js'
import {rustPanicFormat} from './rust-panic.js'
import {seastarSignalFormat} from './seastar-signal.js'
import {shellExitFormat} from './shell-exit.js'
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
  seastarSignalFormat,
  assertFailureFormat,
  rustPanicFormat,
  jvmFatalErrorFormat,
  javaExceptionFormat,
  // After ASan and seastar-signal, whose frames look like gdb's.
  coredumpctlFormat,
  gdbBacktraceFormat,
  kernelLogFormat,
  cephCaughtSignalFormat,
  cephBacktraceFormat,
  redisBugReportFormat,
  clickhouseSignalFormat,
  mongodbFatalFormat,
  shellExitFormat,
  // Loose headers (a program's own signal handler): after every format with a named header.
  backtraceSymbolsFormat,
  // Last: it takes any Go stack no runtime header announced, so every other format goes first.
  goStackFormat,
]
