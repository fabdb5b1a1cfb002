// A memtable arena that grows in real, touched blocks until the node's memory limit: the C++ server
// dies of std::bad_alloc; the remediated write buffer manager refuses the block and frees the arena.
import {setImmediate as yieldToLoop} from 'node:timers/promises'
import {writeCxxTerminate, writeTcmallocLargeAlloc, type RdsnLogger} from '../../node/rdsn-log.js'
import type {Tcmalloc} from './allocator.js'

export const ARENA_BLOCK_BYTES = 32 * 1024 * 1024

export interface GrowthOptions {
  allocator: Tcmalloc
  limitBytes: number
  /** Refuse the block that would cross the limit instead of allocating it. */
  bounded: boolean
  log: RdsnLogger
  tag: string
}

export type GrowthOutcome = {refused: true; usedBytes: number; blocks: number} | {refused: false; requestedBytes: number; usedBytes: number}

const at = (line: number, fn: string) => ({file: 'pegasus_write_service.cpp', line, fn})

/** Allocates and fills arena blocks until the next one would cross the limit (measured on the real RSS). */
export async function growMemtable(options: GrowthOptions): Promise<GrowthOutcome> {
  const {allocator, limitBytes, log, tag} = options
  const base = process.memoryUsage().rss
  const blocks: number[] = []
  log.log('I', at(210, 'batch_put'), `${tag} ingest a huge write batch into the memtable, arena block = ${ARENA_BLOCK_BYTES} bytes, memory limit = ${limitBytes} bytes over rss ${base}`)
  for (;;) {
    const used = process.memoryUsage().rss - base
    if (used + ARENA_BLOCK_BYTES > limitBytes) {
      if (!options.bounded) {
        writeTcmallocLargeAlloc(ARENA_BLOCK_BYTES, null)
        writeCxxTerminate('std::bad_alloc', 'std::bad_alloc')
        return {refused: false, requestedBytes: ARENA_BLOCK_BYTES, usedBytes: used}
      }
      log.log('E', at(233, 'batch_put'), `${tag} write buffer manager: refuse to allocate ${ARENA_BLOCK_BYTES} bytes, memory usage ${used} + ${ARENA_BLOCK_BYTES} would exceed the limit ${limitBytes} (ERR_BUSY), release ${blocks.length} arena blocks`)
      for (const block of blocks) allocator.free(block)
      return {refused: true, usedBytes: used, blocks: blocks.length}
    }
    const block = allocator.malloc(ARENA_BLOCK_BYTES)
    allocator.memory(block).fill(blocks.length & 0xff)
    blocks.push(block)
    writeTcmallocLargeAlloc(ARENA_BLOCK_BYTES, block)
    await yieldToLoop()
  }
}
