// backtrace_symbols(3)-style frames, `module(function+0x1a) [0x...]`, as glibc, Ceph, Redis and ClickHouse print them.
import type {Frame} from '../model.js'
import {trailingGroupStart} from './postmortem-frames.js'
import type {PatternTable} from './types.js'

export const SYMBOL_FRAME_PATTERNS = {
  // The trailing return address, with or without a space before it.
  returnAddress: {
    re: /\s?\[(?<addr>0x[0-9a-fA-F]+)\]$/,
    examples: ['./kvserver(main+0x39e)[0x5610b88bdcfe]', '/lib64/libc.so.6(+0x54db0) [0x7fcc7aa54db0]'],
  },
  // catchsegv's `./prog[0x400123]`: a module and no function.
  bareModule: {re: /^[^()\s]+$/, examples: ['./metaserver']},
  offset: {re: /\+(?<off>0x[0-9a-fA-F]+)$/, examples: ['logStackTrace+0x45', '+0xa36e8']},
} as const satisfies PatternTable

/**
 * `./prog(func+0x1a)[0x..]`, `/lib/libc.so.6(+0x3c050) [0x..]`, `(Foo::bar(int)+0x4) [0x..]`,
 * `redis-server *:6379(serverCron+0x9)[0x..]`, `./prog[0x400123]` -> Frame (function '??' when unnamed), else null.
 */
export function parseSymbolFrame(text: string): Frame | null {
  const t = text.trim()
  const addr = SYMBOL_FRAME_PATTERNS.returnAddress.re.exec(t)
  if (!addr?.groups) return null
  const rest = t.slice(0, addr.index)
  const address = addr.groups.addr ?? null
  if (!rest.endsWith(')')) return SYMBOL_FRAME_PATTERNS.bareModule.re.test(rest) ? {function: '??', module: rest, address} : null
  const start = trailingGroupStart(rest)
  if (start < 0) return null
  // A process title after the binary (`redis-server *:6379`) is not part of the module.
  const module = rest.slice(0, start).trim().split(' ')[0] || null
  const inner = rest.slice(start + 1, -1)
  const off = SYMBOL_FRAME_PATTERNS.offset.re.exec(inner)
  const name = (off ? inner.slice(0, off.index) : inner).trim()
  return {function: name && name !== '()' ? name : '??', module, address}
}
