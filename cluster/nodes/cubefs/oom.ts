// oom: real memory (pages written, so they count in RSS) grows in steps until the node's limit;
// the Go runtime then fails the allocation: "fatal error: out of memory". Fixed: the allocation is
// checked against the limit first and refused with an error; the node keeps serving.
import type {GoFrame, GoLogger} from '../../node/go-log.js'
import {RUNTIME_GOROUTINES} from '../../node/go-log.js'
import type {NodeContext} from '../../node/runtime.js'
import {dieLikeGo} from './go-crash.js'

const STEP_BYTES = 32 << 20
const STEP_MS = 10

export interface OomOptions {
  ctx: NodeContext
  log: GoLogger
  fixed: boolean
  command: string
  /** The node's frames that asked for the memory, innermost first. */
  frames: readonly GoFrame[]
}

/** STORCTL_NODE_MEM_LIMIT_MB over the RSS at the start of the scenario (default 256 MB). */
export function memoryLimitBytes(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.STORCTL_NODE_MEM_LIMIT_MB)
  return (Number.isFinite(mb) && mb > 0 ? mb : 256) * (1 << 20)
}

export function runOom(options: OomOptions): string {
  const {log, fixed} = options
  const limit = memoryLimitBytes()
  const base = process.memoryUsage().rss
  const held: Buffer[] = []
  log.info('cache.go:77', `action[loadCache] memory limit(${limit >> 20}MB) over rss(${base >> 20}MB), loading extents into memory in ${STEP_BYTES >> 20}MB blocks`)
  const step = () => {
    const inUse = process.memoryUsage().rss - base
    if (inUse + STEP_BYTES > limit) {
      if (!fixed) return outOfMemory(options, inUse)
      held.length = 0
      log.error('cache.go:83', `action[loadCache] cannot allocate ${STEP_BYTES}-byte block: ${inUse >> 20}MB in use would exceed the memory limit(${limit >> 20}MB); request refused, cache released`)
      options.ctx.survived('oom', `allocation refused at ${inUse >> 20}MB of a ${limit >> 20}MB limit; memory released, node serving`)
      return
    }
    held.push(Buffer.allocUnsafe(STEP_BYTES).fill(0x5a))
    if (held.length % 4 === 0) log.info('cache.go:80', `action[loadCache] blocks(${held.length}) heap in use(${(process.memoryUsage().rss - base) >> 20}MB)`)
    setTimeout(step, STEP_MS)
  }
  setTimeout(step, STEP_MS)
  return `allocating ${STEP_BYTES >> 20} MB blocks until ${limit >> 20} MB over the current RSS (${fixed ? 'bounded' : 'unbounded'})`
}

function outOfMemory(options: OomOptions, inUse: number): never {
  return dieLikeGo(options.ctx, {kind: 'fatal', command: options.command, crash: {
    header: [`runtime: out of memory: cannot allocate ${STEP_BYTES}-byte block (${inUse} in use)`, 'fatal error: out of memory'],
    goroutines: [{id: 1, state: 'running', frames: [
      {func: 'runtime.throw', file: 'runtime/panic.go', line: 1047, args: '{0x4c25f9?, 0xc0000?}'},
      {func: 'runtime.(*mcache).allocLarge', file: 'runtime/mcache.go', line: 235, args: `0x49eaa0?, 0x${STEP_BYTES.toString(16)}, 0x1`},
      {func: 'runtime.mallocgc', file: 'runtime/malloc.go', line: 1029, args: `0x${STEP_BYTES.toString(16)}, 0x4ace20, 0x1`},
      {func: 'runtime.makeslice', file: 'runtime/slice.go', line: 103, args: '0x4c0e23?, 0x4?, 0x4c9dd5?'},
      ...options.frames,
    ]}, ...RUNTIME_GOROUTINES],
  }})
}
