// Rust `stack backtrace:` frames, old (address - symbol::hash) and new (symbol + `at` line) styles.
import type {Frame, TraceEvent} from '../model.js'
import {addFrame} from './cxx-event.js'
import type {PatternTable} from './types.js'

export const RUST_BACKTRACE_PATTERNS = {
  backtraceHeader: {
    re: /^\s*stack backtrace:\s*$/,
    examples: ['stack backtrace:'],
  },
  numberedFrame: {
    re: /^\s*(?<n>\d+):\s+(?:(?<addr>0x[0-9a-f]+) - )?(?<fn>\S.*)$/,
    examples: [
      '   0: rust_begin_unwind',
      '   4:     0x559806813f3c - tokio_sync::task::atomic_task::AtomicTask::register::h9827e2a71a583c24',
      '  12:     0x7f1f0f078764 - <unknown>',
    ],
  },
  // Inlined frames carry no number: `      cmd::server::init_fs` (new) or `   - trace<closure>` (old).
  inlinedFrame: {
    re: /^\s*(?:- )?(?<fn>(?:<|[A-Za-z_]\w*::)\S.*)$/,
    examples: ['      cmd::server::TiKVServer::init_fs', '                         - backtrace::backtrace::trace<closure>'],
  },
  atLine: {
    re: /^\s*at (?<file>\S+?):(?<line>\d+)(?::\d+)?\s*$/,
    examples: ['             at /rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/std/src/panicking.rs:689:5', '                               at src/libstd/panicking.rs:197'],
  },
  // A source line we cannot split (mangled by a paste) still belongs to the frame above.
  atOther: {
    re: /^\s*at \S/,
    examples: ['             at components/tikv_util/src/[lib.rs:464](http://lib.rs:464/)'],
  },
  symbolHash: {
    re: /::h[0-9a-f]{16}$/,
    examples: ['std::panicking::begin_panic::haf45a5ae7d19e728'],
  },
  crateName: {
    re: /^(?<crate>[A-Za-z_]\w*)::/,
    examples: ['tokio_reactor::registration::Registration::poll_ready'],
  },
  omittedNote: {
    re: /^\s*note: (?:Some details are omitted|[Rr]un with `RUST_BACKTRACE)/,
    examples: ['note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.'],
  },
} satisfies PatternTable

const P = RUST_BACKTRACE_PATTERNS

/** What a backtrace line was: a frame, its source line, the closing note, or not ours. */
export type BacktraceLine = 'frame' | 'source' | 'note' | 'other'

function rustFrame(symbol: string, address: string | null): Frame {
  const fn = symbol.trim().replace(P.symbolHash.re, '')
  const crate = P.crateName.re.exec(fn)?.groups?.crate ?? null
  return {function: fn, file: null, line: null, module: crate, address}
}

/** Reads one line of a Rust backtrace into `event.frames`. */
export function readBacktraceLine(event: TraceEvent, text: string): BacktraceLine {
  if (P.omittedNote.re.test(text)) return 'note'
  const at = P.atLine.re.exec(text)
  if (at?.groups || P.atOther.re.test(text)) {
    const last = event.frames.at(-1)
    // Old backtraces list every inlined location: the first one is the frame's own.
    if (at?.groups && last && !last.file) {
      last.file = at.groups.file ?? null
      last.line = Number(at.groups.line)
    }
    return 'source'
  }
  const numbered = P.numberedFrame.re.exec(text)?.groups
  if (numbered) {
    addFrame(event, rustFrame(numbered.fn ?? '', numbered.addr ?? null))
    return 'frame'
  }
  const inlined = P.inlinedFrame.re.exec(text)?.groups
  if (inlined && event.frames.length > 0) {
    addFrame(event, rustFrame(inlined.fn ?? '', null))
    return 'frame'
  }
  return 'other'
}

/** Is this the `stack backtrace:` line? */
export function isBacktraceHeader(text: string): boolean {
  return P.backtraceHeader.re.test(text)
}
