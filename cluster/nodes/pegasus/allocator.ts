// A model of tcmalloc instances and of how the dynamic loader picks libtcmalloc_and_profiler.so.4:
// real library files, a real search order, real buffers, and ownership checked on every free.
import {existsSync, mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {TCMALLOC_SONAME} from './config.js'

/** tcmalloc found a free of a pointer none of its spans hold (it logs and aborts). */
export class InvalidPointerError extends Error {
  /** C++ frames the free unwound through, innermost first, added as the error leaves each one. */
  readonly frames: string[] = []

  constructor(readonly allocator: Tcmalloc, readonly pointer: number) {
    super(`Attempt to free invalid pointer 0x${pointer.toString(16)} (not owned by gperftools ${allocator.version})`)
  }
}

/** One loaded copy of tcmalloc: its own page heap, its own span map. */
export class Tcmalloc {
  private readonly spans = new Map<number, Buffer>()
  private next: number

  constructor(readonly version: string, readonly library: string, base: number) {
    this.next = base
  }

  malloc(bytes: number): number {
    const pointer = this.next
    this.spans.set(pointer, Buffer.alloc(bytes))
    this.next += Math.ceil(Math.max(bytes, 1) / 4096) * 4096
    return pointer
  }

  memory(pointer: number): Buffer {
    const span = this.spans.get(pointer)
    if (!span) throw new InvalidPointerError(this, pointer)
    return span
  }

  free(pointer: number): void {
    if (!this.spans.delete(pointer)) throw new InvalidPointerError(this, pointer)
  }

  get liveSpans(): number {
    return this.spans.size
  }
}

export interface ResolvedLibrary {
  file: string
  version: string
}

/** Writes a lib dir's libtcmalloc_and_profiler.so.4 once (atomically: replicas start together). */
export function installLibrary(dir: string, version: string): void {
  const file = path.join(dir, TCMALLOC_SONAME)
  if (existsSync(file)) return
  mkdirSync(dir, {recursive: true})
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${TCMALLOC_SONAME}: gperftools ${version} (tcmalloc with heap profiler)\n`)
  renameSync(tmp, file)
}

/** The dynamic loader's lookup: the first dir of the search path holding the soname wins. */
export function resolveLibrary(searchPath: readonly string[]): ResolvedLibrary {
  for (const dir of searchPath) {
    const file = path.join(dir, TCMALLOC_SONAME)
    if (!existsSync(file)) continue
    const version = /gperftools (\S+)/.exec(readFileSync(file, 'utf8'))?.[1]
    if (version) return {file, version}
  }
  throw new Error(`error while loading shared libraries: ${TCMALLOC_SONAME}: cannot open shared object file (searched ${searchPath.join(':')})`)
}

/** The allocators of one process: the one the server binary was linked with, and any copy loaded later. */
export class AllocatorRuntime {
  readonly linked: Tcmalloc
  private readonly loaded = new Map<string, Tcmalloc>()

  constructor(linked: ResolvedLibrary) {
    this.linked = new Tcmalloc(linked.version, linked.file, 0x55b5_0600_0000)
    this.loaded.set(linked.file, this.linked)
  }

  /** What a dlopen through the search path gives: the linked copy, or a second copy of another build. */
  load(searchPath: readonly string[]): Tcmalloc {
    const lib = resolveLibrary(searchPath)
    let copy = this.loaded.get(lib.file)
    if (!copy) {
      copy = lib.version === this.linked.version ? this.linked : new Tcmalloc(lib.version, lib.file, 0x7f3b_2c00_0000)
      this.loaded.set(lib.file, copy)
    }
    return copy
  }
}
