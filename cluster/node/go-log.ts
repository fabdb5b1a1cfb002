import {writeSync} from 'node:fs'

// Go-style output for the CubeFS-like nodes: log lines as CubeFS's util/log prints them, and Go
// tracebacks (GOTRACEBACK=crash: every goroutine, fp/sp/pc on each frame). Both are written
// synchronously, so a line logged right before a crash is in the file before the process dies.

export type GoLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'

/** `2026/11/21 16:26:30.739618`: local time with microseconds, as Go's log.Lmicroseconds. */
export function goTimestamp(now: number = performance.timeOrigin + performance.now()): string {
  const d = new Date(Math.floor(now))
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  const micros = Math.floor((now % 1000) * 1000)
  return `${d.getFullYear()}/${p(d.getMonth() + 1)}/${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(micros, 6)}`
}

export interface GoLogger {
  /** `where` is the Go caller, `file.go:line`, as log.Lshortfile prints it. */
  debug(where: string, message: string): void
  info(where: string, message: string): void
  warn(where: string, message: string): void
  error(where: string, message: string): void
}

/** Writes `<time> <file.go:line>: [LEVEL] <message>` lines to stdout. */
export function createGoLogger(fd = 1): GoLogger {
  const line = (level: GoLevel) => (where: string, message: string) => {
    writeSync(fd, `${goTimestamp()} ${where}: [${level}] ${message}\n`)
  }
  return {debug: line('DEBUG'), info: line('INFO'), warn: line('WARN'), error: line('ERROR')}
}

export interface GoBanner {
  /** `CubeFS Master`, `CubeFS DataNode`. */
  product: string
  version: string
  commit: string
  goVersion: string
}

/** The version banner a CubeFS server prints first (server.go:26-30). */
export function logBanner(log: GoLogger, banner: GoBanner): void {
  log.info('server.go:26', banner.product)
  log.info('server.go:27', `Version : ${banner.version}`)
  log.info('server.go:28', `Branch  : release-${banner.version}`)
  log.info('server.go:29', `Commit  : ${banner.commit}`)
  log.info('server.go:30', `Build   : ${banner.goVersion} linux amd64 2026-11-02 10:21:17`)
}

/** One frame of a goroutine: `pkg.(*Type).Method(args)` then `\tfile:line +0xoff`. */
export interface GoFrame {
  func: string
  file: string
  line: number
  /** `0xc000119aa8, 0x13b007`; `...` for an inlined frame. */
  args?: string
}

export interface Goroutine {
  id: number
  /** `running`, `syscall`, `chan receive`, `IO wait`... */
  state: string
  frames: readonly GoFrame[]
  createdBy?: GoFrame
}

export interface GoCrash {
  /** `panic: ...` / `fatal error: ...` lines, printed first (with `runtime: ...` lines before them when apt). */
  header: readonly string[]
  /** A fault the runtime turned into the crash: `[signal SIGSEGV: segmentation violation code=0x1 addr=0x28 pc=...]`. */
  signal?: {name: 'SIGSEGV' | 'SIGBUS'; code: string; addr: string}
  /** The system stack (`runtime stack:`), for throws from a signal handler. */
  runtimeStack?: readonly GoFrame[]
  /** The crashing goroutine first. */
  goroutines: readonly Goroutine[]
}

function hex(n: number): string {
  return `0x${n.toString(16)}`
}

/** A deterministic address per frame so the same crash reads the same twice. */
function frameAddress(seed: string, base: number): number {
  let h = 2166136261
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0
  return base + (h % 0x7ffff)
}

function formatFrame(frame: GoFrame, stack: number, withRegisters: boolean): string[] {
  const call = `${frame.func}(${frame.args ?? ''})`
  if (frame.args === '...') return [call, `\t${frame.file}:${frame.line}`]
  const pc = frameAddress(frame.func, 0x400000)
  const off = hex(pc % 0x400 + 0x20)
  const regs = withRegisters ? ` fp=${hex(stack + 0x60)} sp=${hex(stack)} pc=${hex(pc)}` : ''
  return [call, `\t${frame.file}:${frame.line} +${off}${regs}`]
}

/** The idle runtime goroutines every Go process has; GOTRACEBACK=crash prints them too. */
export const RUNTIME_GOROUTINES: readonly Goroutine[] = [
  {id: 2, state: 'force gc (idle)', frames: [
    {func: 'runtime.gopark', file: 'runtime/proc.go', line: 363, args: '0x0?, 0x0?, 0x0?, 0x0?, 0x0?'},
    {func: 'runtime.goparkunlock', file: 'runtime/proc.go', line: 369, args: '...'},
    {func: 'runtime.forcegchelper', file: 'runtime/proc.go', line: 302},
    {func: 'runtime.goexit', file: 'runtime/asm_amd64.s', line: 1594},
  ], createdBy: {func: 'runtime.init.6', file: 'runtime/proc.go', line: 290}},
  {id: 3, state: 'GC sweep wait', frames: [
    {func: 'runtime.gopark', file: 'runtime/proc.go', line: 363, args: '0x0?, 0x0?, 0x0?, 0x0?, 0x0?'},
    {func: 'runtime.goparkunlock', file: 'runtime/proc.go', line: 369, args: '...'},
    {func: 'runtime.bgsweep', file: 'runtime/mgcsweep.go', line: 278, args: '0x0?'},
    {func: 'runtime.gcenable.func1', file: 'runtime/mgc.go', line: 178},
    {func: 'runtime.goexit', file: 'runtime/asm_amd64.s', line: 1594},
  ], createdBy: {func: 'runtime.gcenable', file: 'runtime/mgc.go', line: 178}},
  {id: 4, state: 'GC scavenge wait', frames: [
    {func: 'runtime.gopark', file: 'runtime/proc.go', line: 363, args: '0x0?, 0x0?, 0x0?, 0x0?, 0x0?'},
    {func: 'runtime.goparkunlock', file: 'runtime/proc.go', line: 369, args: '...'},
    {func: 'runtime.bgscavenge', file: 'runtime/mgcscavenge.go', line: 617, args: '0x0?'},
    {func: 'runtime.gcenable.func2', file: 'runtime/mgc.go', line: 179},
    {func: 'runtime.goexit', file: 'runtime/asm_amd64.s', line: 1594},
  ], createdBy: {func: 'runtime.gcenable', file: 'runtime/mgc.go', line: 179}},
]

/** The text the Go runtime writes to stderr when it crashes under GOTRACEBACK=crash. */
export function formatGoTraceback(crash: GoCrash): string {
  const out: string[] = [...crash.header]
  if (crash.signal) {
    const pc = frameAddress(crash.goroutines[0]?.frames[0]?.func ?? 'pc', 0x400000)
    out.push(`[signal ${crash.signal.name}: segmentation violation code=${crash.signal.code} addr=${crash.signal.addr} pc=${hex(pc)}]`)
  }
  if (crash.runtimeStack) {
    out.push('', 'runtime stack:')
    crash.runtimeStack.forEach((f, i) => out.push(...formatFrame(f, 0x7f1530bfdd30 + i * 0x50, true)))
  }
  for (const g of crash.goroutines) {
    out.push('', `goroutine ${g.id} [${g.state}]:`)
    g.frames.forEach((f, i) => out.push(...formatFrame(f, 0xc000119a48 + g.id * 0x10000 + i * 0x60, true)))
    if (g.createdBy) out.push(`created by ${g.createdBy.func}`, `\t${g.createdBy.file}:${g.createdBy.line} +0x${(g.createdBy.line % 0xff + 0x25).toString(16)}`)
  }
  return `${out.join('\n')}\n`
}

/** Prints the traceback to stderr, synchronously. */
export function writeGoTraceback(crash: GoCrash, fd = 2): void {
  writeSync(fd, formatGoTraceback(crash))
}
