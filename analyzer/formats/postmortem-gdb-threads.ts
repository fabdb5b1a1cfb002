// Threads of a gdb session (`bt`, `thread apply all bt`): which one crashed, and how the others are summarised.
import type {Frame, LogLine} from '../model.js'
import type {GdbFrame} from './postmortem-gdb-frame.js'
import {framesShowCrash} from './postmortem-kinds.js'

export interface ThreadBlock {
  /** `Thread 12 (Thread 0x... (LWP 24105)):` or null for a plain `bt`. */
  header: string | null
  threadNo: number | null
  lwp: number | null
  name: string | null
  /** The first line of the block's #0 frame as printed, to spot a repeated `bt`. */
  firstText: string | null
  frames: GdbFrame[]
  lines: LogLine[]
}

export function emptyBlock(header: Partial<ThreadBlock> = {}): ThreadBlock {
  return {header: null, threadNo: null, lwp: null, name: null, firstText: null, frames: [], lines: [], ...header}
}

export function framesOf(block: ThreadBlock): Frame[] {
  return block.frames.map((f) => f.frame)
}

/** Drops empty blocks and the one-frame `#0` preview gdb prints on loading a core when a full stack repeats it. */
export function usefulBlocks(blocks: readonly ThreadBlock[]): ThreadBlock[] {
  const withFrames = blocks.filter((b) => b.frames.length > 0)
  return withFrames.filter(
    (b) => b.header !== null || !withFrames.some((o) => o !== b && o.firstText === b.firstText && o.frames.length >= b.frames.length),
  )
}

/** Could this finished thread be the crashing one (so its frames are worth keeping)? */
export function mayBeCrashThread(block: ThreadBlock, first: boolean, currentLwp: number | null): boolean {
  return first || block.header === null || block.threadNo === 1 || (currentLwp !== null && block.lwp === currentLwp) || framesShowCrash(framesOf(block))
}

/** The crashing thread: the one whose frames show the crash, else gdb's current thread, else thread 1 or the first. */
export function crashBlock(blocks: readonly ThreadBlock[], currentLwp: number | null): ThreadBlock | null {
  return (
    blocks.find((b) => framesShowCrash(framesOf(b))) ??
    blocks.find((b) => currentLwp !== null && b.lwp === currentLwp) ??
    blocks.find((b) => b.header === null) ??
    blocks.find((b) => b.threadNo === 1) ??
    blocks[0] ??
    null
  )
}
