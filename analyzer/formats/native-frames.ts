// Frame lines of in-process C++ stack dumps (glog, folly, boost::stacktrace, glibc backtrace()).
import type {Frame} from '../model.js'
import type {PatternTable} from './types.js'

export const NATIVE_FRAME_PATTERNS = {
  glogFrame: {
    // glog/folly/Kudu: '@ <pc> <symbol>'; folly omits the 0x, unwinders print (nil) for the last pc.
    re: /^\s*@\s+(?<addr>0x[0-9a-fA-F]+|[0-9a-fA-F]{6,16}|\(nil\))(?:\s+(?<fn>\S[^\n]*))?$/,
    examples: [
      '    @     0x7f179bcc9cfe (unknown)',
      '    @     0x55ae8328f257 kv::engine::rocksdb_store::write_batch_sync()',
      '    @     0x7fcef2ef7c7c  yb::(anonymous namespace)::DumpStackTraceAndExit()',
      '    @              (nil)  (unknown)',
      '@ 0x1b82df8 starrocks::StringColumnWriter::append()',
      '    @ 00000000009ffe0e folly::symbolizer::(anonymous namespace)::signalHandler(int, siginfo_t*, void*)',
    ],
  },
  boostFrame: {
    // boost::stacktrace as printed by Doris/StarRocks: 'N# symbol at file:line' or 'N# symbol in module'.
    re: /^\s*(?<index>\d{1,4})# (?<rest>\S[^\n]*)$/,
    examples: [
      ' 0# doris::signal::(anonymous namespace)::FailureSignalHandler(int, siginfo_t*, void*) at /src/be/src/common/signal_handler.h:413',
      ' 3# 0x00007F2B6E1A1090 in /lib/x86_64-linux-gnu/libc.so.6',
      '12# JVM_handle_linux_signal in /usr/lib/jvm/java-8-openjdk-amd64/jre/lib/amd64/server/libjvm.so',
    ],
  },
  glibcBacktraceFrame: {
    // backtrace_symbols_fd(): 'module(symbol+0xoff)[0xpc]' or 'module[0xpc]'.
    re: /^\s*(?<module>[^\s()[\]]{1,512})(?:\((?<sym>[^()+\s]{0,1024})(?:\+(?<off>0x[0-9a-fA-F]+))?\))?\s*\[(?<addr>0x[0-9a-fA-F]+)\]\s*$/,
    examples: [
      '/lib64/libc.so.6(+0x81489)[0x7fa94c99a489]',
      '/tmp/librocksdbjni50.so(_ZNSt13unordered_mapISsN7rocksdb14OptionTypeInfoEED1Ev+0x86)[0x7fa809923b46]',
      '/lib64/libc.so.6(clone+0x6d)[0x7fa94ca16ead]',
      './kvserver[0x400a1b]',
    ],
  },
  frameSizeColumn: {
    // Abseil's handler prints a frame-size column between pc and symbol.
    re: /^(?:\d+|\(unknown\))\s{2,}(?=\S)/,
    examples: ['112  main', '(unknown)  start_thread'],
  },
  symbolOffset: {
    re: / ?\+ ?0x[0-9a-fA-F]{1,16}$/,
    examples: ['google::LogMessage::Fail() + 0x1c', 'main+0x2f'],
  },
  fileLine: {
    re: /^(?<file>\S+?):(?<line>\d+)$/,
    examples: ['/src/be/src/common/signal_handler.h:413'],
  },
} as const satisfies PatternTable

const P = NATIVE_FRAME_PATTERNS
const UNKNOWN = '(unknown)'

function symbolOf(text: string | undefined): string {
  const fn = (text ?? '').trim().replace(P.symbolOffset.re, '').trim()
  return fn === '' ? UNKNOWN : fn
}

/** A glog-style '@ 0x... symbol' frame, or null. */
export function parseGlogFrame(text: string): Frame | null {
  const m = P.glogFrame.re.exec(text)
  if (!m?.groups) return null
  const addr = m.groups.addr ?? ''
  const address = addr === '(nil)' ? null : addr.startsWith('0x') ? addr : `0x${addr}`
  return {function: symbolOf(m.groups.fn?.replace(P.frameSizeColumn.re, '')), address}
}

/** A boost::stacktrace 'N# symbol at file:line' frame, or null. */
export function parseBoostFrame(text: string): Frame | null {
  const rest = P.boostFrame.re.exec(text)?.groups?.rest
  if (rest === undefined) return null
  const at = rest.lastIndexOf(' at ')
  const inModule = rest.lastIndexOf(' in ')
  if (at > 0) {
    const loc = P.fileLine.re.exec(rest.slice(at + 4))
    if (loc?.groups) return {function: symbolOf(rest.slice(0, at)), file: loc.groups.file, line: Number(loc.groups.line)}
  }
  if (inModule > 0) {
    const fn = rest.slice(0, inModule)
    const isAddress = /^0x[0-9a-fA-F]+$/.test(fn)
    return {function: isAddress ? UNKNOWN : symbolOf(fn), module: rest.slice(inModule + 4), address: isAddress ? fn.toLowerCase() : null}
  }
  return {function: symbolOf(rest)}
}

/** A glibc backtrace_symbols frame 'module(symbol+0x..)[0x..]', or null. */
export function parseGlibcBacktraceFrame(text: string): Frame | null {
  const m = P.glibcBacktraceFrame.re.exec(text)
  if (!m?.groups) return null
  return {function: symbolOf(m.groups.sym), module: m.groups.module, address: m.groups.addr}
}
