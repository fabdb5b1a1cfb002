// The JVM's fatal error report (stdout and hs_err_pid<N>.log), as a JNI library such as RocksDB's
// crashes it: `# A fatal error has been detected by the Java Runtime Environment:`, the signal line,
// `# Problematic frame:`, then (in hs_err) native and Java frames.
import type {LogLine, TraceEvent} from '../model.js'
import {addFrame, addKinds, newEvent, take} from './event.js'
import {kindOfSignal, normaliseSignal} from './native-signals.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

export const JVM_FATAL_PATTERNS = {
  header: {
    re: /^#? *A fatal error has been detected by the Java Runtime Environment:?/,
    examples: ['# A fatal error has been detected by the Java Runtime Environment:'],
  },
  signal: {
    re: /^#? +(?<sig>SIG[A-Z]+) \(0x[0-9a-f]+\) at pc=(?<pc>0x[0-9a-f]+), pid=(?<pid>\d+), tid=\S+/,
    examples: ['#  SIGSEGV (0xb) at pc=0x00007f8b2c3d4e5f, pid=12345, tid=0x00007f8b1c2d3700', '#  SIGBUS (0x7) at pc=0x00007fe1c8a1b2c3, pid=4242, tid=4243'],
  },
  internalError: {
    re: /^#? +Internal Error \((?<where>[^)]*)\)/,
    examples: ['#  Internal Error (sharedRuntime.cpp:553), pid=4242, tid=0x00007f'],
  },
  outOfMemory: {
    re: /^#? *(?:There is insufficient memory for the Java Runtime Environment to continue|Out of Memory Error \()/,
    examples: ['# There is insufficient memory for the Java Runtime Environment to continue.', '#  Out of Memory Error (os_linux.cpp:2749), pid=4242, tid=4243'],
  },
  problematicFrame: {
    re: /^#? *(?<type>[CJjVv]) +\[(?<module>[^\]+]+)(?:\+0x[0-9a-f]+)?\] +(?<fn>\S.*)$/,
    examples: ['# C  [librocksdbjni-linux64.so+0x2e4f5f]  rocksdb::DBImpl::GetImpl(rocksdb::ReadOptions const&)+0x1f', 'C  [libc.so.6+0x18e6a5]  __memmove_avx_unaligned_erms+0x45'],
  },
  javaFrame: {
    re: /^(?<type>[jJ]) +(?:\d+ +[cC][12] +)?(?<fn>[\w$.<>/]+\([^)]*\)[\w$.;/[]*)/,
    examples: ['j  org.rocksdb.RocksDB.get(J[BII)[B+0', 'J 2345 C2 org.rocksdb.RocksDB.get(J[BII)[B (0 bytes) @ 0x00007f8b2d000000 [0x7f+0x4]'],
  },
  commentLine: {re: /^#/, examples: ['#', '# JRE version: OpenJDK Runtime Environment (11.0.20+8)']},
} as const satisfies PatternTable

const P = JVM_FATAL_PATTERNS
/** Lines of a report that are neither its '#' block nor frames, before it is taken as over. */
const MAX_OTHER_LINES = 40

class JvmFatalParser implements TraceParser {
  private readonly event: TraceEvent
  private other = 0

  constructor(first: LogLine) {
    this.event = newEvent(jvmFatalErrorFormat.id, first, 'java')
    take(this.event, first, 'the JVM reports a fatal error')
  }

  push(line: LogLine): PushResult {
    const text = line.text.trim()
    if (P.header.re.test(text)) return 'ended'
    const frame = P.problematicFrame.re.exec(text)?.groups ?? P.javaFrame.re.exec(text)?.groups
    if (frame) {
      addFrame(this.event, {function: (frame.fn ?? '').trim(), module: frame.module ?? null})
      take(this.event, line, this.event.frames.length === 1 ? 'problematic frame' : undefined)
    } else if (this.readHeaderLine(line, text)) {
      take(this.event, line)
    } else if (P.commentLine.re.test(text) || text === '') {
      take(this.event, line)
    } else {
      return ++this.other > MAX_OTHER_LINES ? 'ended' : 'skipped'
    }
    this.other = 0
    return 'taken'
  }

  private readHeaderLine(line: LogLine, text: string): boolean {
    const e = this.event
    const signal = P.signal.re.exec(text)?.groups
    if (signal) {
      e.signal = normaliseSignal(signal.sig ?? '')
      addKinds(e, [e.signal ? kindOfSignal(e.signal) : null])
      e.pid = Number(signal.pid)
      e.message = `${e.signal} in the JVM at pc=${signal.pc}`
      take(e, line, 'signal the JVM died of')
      return true
    }
    const internal = P.internalError.re.exec(text)?.groups
    if (internal) {
      addKinds(e, ['abort'])
      e.message = `JVM internal error (${internal.where})`
      take(e, line, 'JVM internal error')
      return true
    }
    if (P.outOfMemory.re.test(text)) {
      addKinds(e, ['oom'])
      e.message = text.replace(/^#\s*/, '')
      take(e, line, 'the JVM ran out of native memory')
      return true
    }
    return false
  }

  finish(): TraceEvent[] {
    return this.event.kinds.length > 0 ? [this.event] : []
  }
}

export const jvmFatalErrorFormat: TraceFormat = {
  id: 'jvm-fatal-error',
  runtime: 'java',
  stage: 'dump',
  triggers: ['A fatal error has been detected by the Java Runtime Environment'],
  patterns: JVM_FATAL_PATTERNS,
  detect: (line) => P.header.re.test(line.text.trim()),
  parse: (first) => new JvmFatalParser(first),
}
