// Frame helpers shared by the post-mortem formats: bare names, runtime guess, balanced parentheses.
import type {Frame, Runtime} from '../model.js'
import type {PatternTable} from './types.js'

export const FRAME_NAME_PATTERNS = {
  anonymousNamespace: {re: /^\((?:anonymous namespace)\)::/, examples: ['(anonymous namespace)::InvalidFree(void*)']},
  rustFrame: {re: /\.rs$|^(?:std|core|alloc)::(?:sys|panicking|rt)\b/, examples: ['src/libstd/sys/unix/mod.rs', 'std::sys::unix::abort_internal']},
  goFrame: {re: /\.go$/, examples: ['/go/src/runtime/panic.go']},
  cppFrame: {re: /::|^_Z|\.(?:cc|cpp|cxx|hpp|hh)$/, examples: ['rocksdb::DBImpl::Write', 'src/thread_cache.cc', '_ZN8logalloc18allocating_section7reserveEv']},
} as const satisfies PatternTable

/** `rocksdb::VersionSet::~VersionSet()` -> `~VersionSet`; `__GI_raise` stays; `<signal handler called>` stays. */
export function bareFunction(name: string): string {
  let fn = name.trim().replace(FRAME_NAME_PATTERNS.anonymousNamespace.re, '')
  if (fn.startsWith('<')) return fn
  const paren = topLevelParen(fn)
  if (paren > 0) fn = fn.slice(0, paren)
  const colons = fn.lastIndexOf('::')
  return (colons >= 0 ? fn.slice(colons + 2) : fn).trim()
}

/** Index of the first '(' outside template brackets, or -1 (`operator()` keeps its parentheses). */
function topLevelParen(fn: string): number {
  let angle = 0
  for (let i = 0; i < fn.length; i++) {
    const c = fn[i]
    if (c === '<') angle++
    else if (c === '>') angle = Math.max(0, angle - 1)
    else if (c === '(' && angle === 0 && !fn.slice(0, i).endsWith('operator')) return i
  }
  return -1
}

/** A runtime guess from frame files and names: rust, go, cpp, c, or null when nothing says. */
export function runtimeOfFrames(frames: readonly Frame[]): Runtime | null {
  const texts = frames.flatMap((f) => [f.function, f.file ?? ''])
  if (texts.some((t) => FRAME_NAME_PATTERNS.rustFrame.re.test(t))) return 'rust'
  if (texts.some((t) => FRAME_NAME_PATTERNS.goFrame.re.test(t))) return 'go'
  if (texts.some((t) => FRAME_NAME_PATTERNS.cppFrame.re.test(t))) return 'cpp'
  return frames.some((f) => f.file?.endsWith('.c')) ? 'c' : null
}

/** Calls `visit` for each parenthesis of `text` outside double-quoted strings; stops when it returns false. */
function eachParen(text: string, visit: (paren: '(' | ')', at: number) => boolean | void): void {
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '\\') i++
      else if (c === '"') quoted = false
    } else if (c === '"') quoted = true
    else if ((c === '(' || c === ')') && visit(c, i) === false) return
  }
}

/** Paren depth at the end of `text`, ignoring quoted strings (a wrapped gdb frame is still open when > 0). */
export function parenDepth(text: string): number {
  let depth = 0
  eachParen(text, (paren) => {
    depth = paren === '(' ? depth + 1 : Math.max(0, depth - 1)
  })
  return depth
}

/**
 * Start index of the parenthesised group that closes at the end of `text` (balanced, quotes skipped),
 * or -1: `f(int) (x=1)` -> 7, `f(int)` -> 1.
 */
export function trailingGroupStart(text: string): number {
  if (!text.endsWith(')')) return -1
  const opens: number[] = []
  let lastStart = -1
  let balanced = true
  eachParen(text, (paren, at) => {
    if (paren === '(') return void opens.push(at)
    const start = opens.pop()
    if (start === undefined) return (balanced = false)
    if (opens.length === 0) lastStart = start
  })
  return balanced && opens.length === 0 ? lastStart : -1
}
