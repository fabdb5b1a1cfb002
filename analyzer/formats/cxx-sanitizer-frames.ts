// Sanitizer stack frames: `#3 0x7f.. in fn(args) /src/x.cc:12:5`, `#4 0x.. in fn (lib.so+0x1f)`, `#5 0x.. (lib.so+0x1f)`.
import type {Frame} from '../model.js'
import type {PatternTable} from './types.js'

export const SANITIZER_FRAME_PATTERNS = {
  frame: {
    re: /^\s*#(?<n>\d+)\s+(?<addr>0x[0-9a-fA-F]+)(?: in (?<rest>.*\S)| +\((?<module>[^()\s]+)\+0x[0-9a-fA-F]+\))?\s*$/,
    examples: [
      '    #0 0x55cecbe03965 in kv::body_checksum(kv::rpc_header const*) /build/kvstore/cpp/replica_io.cc:44',
      '    #5 0x55cecbd29c40 in _start (kvserver+0x32c40) (BuildId: 6c202b498dd8883df4ab0ed1c9618b9b0db0eefc)',
      '    #1 0x7f3b8c029d8f  (/lib/x86_64-linux-gnu/libc.so.6+0x29d8f)',
    ],
  },
  buildId: {
    re: / \(BuildId: [0-9a-fA-F]+\)$/,
    examples: ['_start (kvserver+0x32c40) (BuildId: 6c202b498dd8883df4ab0ed1c9618b9b0db0eefc)'],
  },
  inModule: {
    re: /^(?<fn>.+) \((?<module>[^()\s]+)\+0x[0-9a-fA-F]+\)$/,
    examples: ['__libc_start_main (/lib/x86_64-linux-gnu/libc.so.6+0x21b96)'],
  },
  atSource: {
    re: /^(?<fn>.+) (?<file>[^\s]+?):(?<line>\d+)(?::\d+)?$/,
    examples: ['verify_rpc_checksums(kv::Node&) /build/kvstore/cpp/replica_io.cc:115:43', 'operator new(unsigned long) ../../../../src/libsanitizer/asan/asan_new_delete.cpp:95'],
  },
} satisfies PatternTable

const P = SANITIZER_FRAME_PATTERNS

export interface NumberedFrame {
  index: number
  frame: Frame
}

/** The frame this line is, with its number (a new stack starts again at #0), or null. */
export function readSanitizerFrame(text: string): NumberedFrame | null {
  const g = P.frame.re.exec(text)?.groups
  if (!g) return null
  const frame: Frame = {function: '??', file: null, line: null, module: g.module ?? null, address: g.addr ?? null}
  const rest = g.rest?.replace(P.buildId.re, '')
  if (rest !== undefined) describeSymbol(frame, rest)
  return {index: Number(g.n), frame}
}

function describeSymbol(frame: Frame, rest: string): void {
  const mod = P.inModule.re.exec(rest)?.groups
  if (mod) {
    frame.function = mod.fn ?? rest
    frame.module = mod.module ?? null
    return
  }
  const src = P.atSource.re.exec(rest)?.groups
  if (src) {
    frame.function = src.fn ?? rest
    frame.file = src.file ?? null
    frame.line = Number(src.line)
    return
  }
  frame.function = rest
}
