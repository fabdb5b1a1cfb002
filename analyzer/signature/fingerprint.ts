import {createHash} from 'node:crypto'
import type {CrashKind, Frame} from '../model.js'
import {isIgnoredFrame} from './frame-ignore.js'

export const TOP_FRAME_COUNT = 3

/** A function name without arguments, addresses, offsets and template noise: stable across builds. */
export function normaliseFunction(name: string): string {
  let f = name.trim()
  f = f.replace(/\+0x[0-9a-f]+$/i, '')
  f = f.replace(/^0x[0-9a-f]+\s+in\s+/i, '')
  // Go: drop argument values `(0xc000..., 0x1)` and `(...)` but keep `(*T)` receivers.
  f = f.replace(/\((?:0x[0-9a-f]+|\.\.\.|[\s,{}0-9a-fx?]*)\)$/i, '')
  // C/C++: drop the parameter list and const qualifiers after the last top-level name.
  if (!/\.\(\*?[\w]+\)/.test(f)) f = stripParameters(f)
  return f.replace(/\s+/g, ' ').trim()
}

function stripParameters(f: string): string {
  let depth = 0
  for (let i = f.length - 1; i >= 0; i--) {
    const c = f[i]
    if (c === ')') depth++
    else if (c === '(') {
      depth--
      if (depth === 0) {
        const head = f.slice(0, i)
        // `(anonymous namespace)::X` and operator() keep their parentheses.
        if (head.endsWith('operator') || head === '' || head.endsWith('::')) return f
        return head.replace(/\s+const$/, '').trim()
      }
    }
  }
  return f
}

/** The first meaningful frames, as printed minus arguments: what a triager reads first. */
export function topFrames(frames: readonly Frame[], count = TOP_FRAME_COUNT): string[] {
  const top: string[] = []
  for (const frame of frames) {
    const fn = normaliseFunction(frame.function)
    if (isIgnoredFrame(fn) || top.includes(fn)) continue
    top.push(fn)
    if (top.length === count) break
  }
  return top
}

/** Same crash, same fingerprint: the kind and the normalised top frames, hashed. */
export function fingerprint(kind: CrashKind, frames: readonly string[], message: string | null): string {
  const basis = frames.length > 0 ? frames.map(stripVolatile).join('|') : stripVolatile(message ?? '')
  return createHash('sha256').update(`${kind}\n${basis}`).digest('hex').slice(0, 16)
}

/** Addresses, numbers and closure indexes change between builds and runs; the code path does not. */
function stripVolatile(s: string): string {
  return s.replace(/0x[0-9a-f]+/gi, '0x').replace(/\d+/g, 'N')
}
