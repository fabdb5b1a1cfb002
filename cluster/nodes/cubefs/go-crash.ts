// How a CubeFS-like node dies, GOTRACEBACK=crash semantics: the Go traceback on stderr, a gdb
// trace of the core under cores/, then SIGABRT (what the Go runtime raises under
// GOTRACEBACK=crash, for panics and fatal errors alike; we use it for every crash, never exit 2).
import {writeCoreTrace, type NativeFrame} from '../../node/core-trace.js'
import {dieBySignal} from '../../node/die.js'
import {writeGoTraceback, type GoCrash, type GoFrame} from '../../node/go-log.js'
import type {NodeContext} from '../../node/runtime.js'

// Stacks deep enough to reach the loop or handler that started the failing path.
Error.stackTraceLimit = 40

const PKG = 'github.com/cubefs/cubefs'
const SRC = '/root/go/src/github.com/cubefs/cubefs'

/** A frame of CubeFS code: `cfs('master', '(*MetadataFsm).Apply', 'master/metadata_fsm.go', 37)`. */
export function cfs(pkg: string, method: string, file: string, line: number, args?: string): GoFrame {
  return {func: `${PKG}/${pkg}.${method}`, file: `${SRC}/${file}`, line, args: args ?? '0xc0002ce0c0'}
}

/** Go frames standing for a JS function, keyed by its V8 name (`MetadataStore.batchPut`). */
export type FrameTable = Readonly<Record<string, readonly GoFrame[]>>

/** The Go frames of the JS call path that failed, innermost first (unknown JS frames are skipped). */
export function goFramesFromError(error: unknown, table: FrameTable): GoFrame[] {
  const stack = error instanceof Error ? error.stack ?? '' : ''
  const frames: GoFrame[] = []
  let previous = ''
  for (const match of stack.matchAll(/^\s+at (?:async )?([\w$.]+) /gm)) {
    const name = match[1] ?? ''
    const mapped = table[name]
    if (!mapped || name === previous) continue
    previous = name
    frames.push(...mapped)
  }
  return frames
}

const CORE_TOP: Record<'panic' | 'fatal', NativeFrame[]> = {
  panic: [
    {function: 'runtime.raise', location: '/usr/local/go/src/runtime/sys_linux_amd64.s:154'},
    {function: 'runtime.dieFromSignal', args: 'sig=6', location: '/usr/local/go/src/runtime/signal_unix.go:879'},
    {function: 'runtime.crash', location: '/usr/local/go/src/runtime/signal_unix.go:971'},
    {function: 'runtime.fatalpanic', args: 'msgs=<optimized out>', location: '/usr/local/go/src/runtime/panic.go:1183'},
    {function: 'runtime.gopanic', args: 'e=...', location: '/usr/local/go/src/runtime/panic.go:987'},
  ],
  fatal: [
    {function: 'runtime.raise', location: '/usr/local/go/src/runtime/sys_linux_amd64.s:154'},
    {function: 'runtime.dieFromSignal', args: 'sig=6', location: '/usr/local/go/src/runtime/signal_unix.go:879'},
    {function: 'runtime.crash', location: '/usr/local/go/src/runtime/signal_unix.go:971'},
    {function: 'runtime.fatalthrow.func1', location: '/usr/local/go/src/runtime/panic.go:1157'},
    {function: 'runtime.fatalthrow', location: '/usr/local/go/src/runtime/panic.go:1150'},
    {function: 'runtime.throw', args: 's=...', location: '/usr/local/go/src/runtime/panic.go:1047'},
  ],
}

export interface GoDeath {
  crash: GoCrash
  /** `panic` for a Go panic, `fatal` for a runtime throw (fatal error). */
  kind: 'panic' | 'fatal'
  /** The server binary's command line, as gdb names it. */
  command: string
}

/** Prints the traceback, writes the core's gdb trace, and dies by SIGABRT. */
export function dieLikeGo(ctx: NodeContext, death: GoDeath): never {
  writeGoTraceback(death.crash)
  const crashing = death.crash.goroutines[0]?.frames ?? []
  const frames: NativeFrame[] = [
    ...CORE_TOP[death.kind],
    ...crashing.map((f) => ({function: f.func, location: `${f.file}:${f.line}`})),
  ]
  writeCoreTrace(ctx.paths, ctx.self.id, {command: death.command, signal: 'SIGABRT', frames})
  return dieBySignal('SIGABRT')
}

/** A short text of a JS error for the node's own log lines. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
