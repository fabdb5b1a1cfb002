// Reads a goroutine dump line by line, keeping only what a report needs: the crashing goroutine's
// frames (capped) and counts by state, so a GOTRACEBACK=all dump of 100k goroutines costs nothing.
import {isIgnoredFrame} from '../signature/frame-ignore.js'
import {normaliseFunction} from '../signature/fingerprint.js'
import type {Frame} from '../model.js'
import {isDebugStackFrame, isGoexitFrame, isPanicFile, isPanicFrame, packageOf, type GoLine} from './go-lines.js'

/** Frames kept for the crashing goroutine (and as many for the runtime's system stack). */
export const MAX_FRAMES = 100
/** Goroutine states named in facts, most frequent first. */
const MAX_STATES_IN_FACTS = 8

/** Where frames go: before any header (a headless paste), the system stack, the crashing goroutine, others. */
type Section = 'headless' | 'runtime' | 'crashing' | 'other'
/** Distinct functions kept from the other goroutines of a dump (thousands of goroutines repeat a few). */
const MAX_OTHER_FUNCTIONS = 2000

/** What a line was to the dump; null when it is not part of one. */
export type DumpRole = 'line' | 'crashingGoroutine' | 'topFrame'

const ACTIVE_STATES = ['running', 'syscall']

export class GoroutineDump {
  goroutines = 0
  crashingId: number | null = null
  hasPanicFrame = false
  hasDebugStack = false
  cgo = false
  private readonly states = new Map<string, number>()
  private readonly runtimeFrames: Frame[] = []
  private crashingFrames: Frame[] = []
  private section: Section = 'headless'
  private locked = false
  private pending: {frame: Frame; keep: boolean} | null = null
  private citedTopFrame = false
  private afterCreatedBy = false
  private lastFunction = ''
  private createdBy: string | null = null
  private elided = false
  private segments = 1
  private dropped = 0
  /** Functions of the goroutines that did not crash: what else the process was doing (capped). */
  readonly otherFunctions = new Set<string>()

  /** Frames innermost first: the runtime's system stack, then the crashing goroutine's. */
  get frames(): Frame[] {
    return [...this.runtimeFrames, ...this.crashingFrames].slice(0, MAX_FRAMES)
  }

  /** The state the first goroutine header printed (a crash dump starts with the running goroutine). */
  firstState: string | null = null

  /** The runtime printed its system stack (`runtime stack:`): a throw, not a panic. */
  sawRuntimeStack = false

  /** True once a goroutine header was read. */
  get sawHeader(): boolean {
    return this.goroutines > 0
  }

  read(line: GoLine): DumpRole | null {
    switch (line.type) {
      case 'goroutine':
        return this.startGoroutine(line.id, line.state)
      case 'runtimeStack':
        this.flushPending()
        this.section = 'runtime'
        this.sawRuntimeStack = true
        return 'line'
      case 'function':
        return this.readFunction(line.name, line.hasArgs)
      case 'file':
        return this.readFile(line.file, line.line, line.pc)
      case 'createdBy':
        this.flushPending()
        if (this.section === 'crashing' || this.section === 'headless') this.createdBy ??= line.name
        this.afterCreatedBy = true
        return 'line'
      case 'elided':
        this.elided = true
        return 'line'
      case 'note':
        this.cgo ||= line.cgo
        return 'line'
      case 'blank':
        return 'line'
      case 'other':
        return null
    }
  }

  /** Ends the dump: a function line cut before its file line still counts when it had arguments. */
  end(): void {
    this.flushPending()
  }

  facts(): Record<string, string | number | boolean> {
    const facts: Record<string, string | number | boolean> = {}
    if (this.goroutines > 0) facts.goroutines = this.goroutines
    if (this.states.size > 0) facts.goroutineStates = this.describeStates()
    if (this.crashingId !== null) facts.crashingGoroutine = this.crashingId
    if (this.createdBy !== null) facts.createdBy = this.createdBy
    if (this.elided) facts.framesElided = true
    if (this.cgo) facts.cgo = true
    if (this.segments > 1) facts.stackSegments = this.segments
    if (this.dropped > 0) facts.framesDropped = this.dropped
    return facts
  }

  private startGoroutine(id: number, printedState: string): DumpRole {
    this.flushPending()
    this.goroutines++
    const state = printedState.split(',')[0]?.trim() ?? ''
    this.firstState ??= state
    this.states.set(state, (this.states.get(state) ?? 0) + 1)
    const active = ACTIVE_STATES.some((s) => state.startsWith(s))
    if (this.locked || (this.crashingId !== null && !active)) {
      this.section = 'other'
      return 'line'
    }
    // A headless paste's frames are the crash; otherwise the first running goroutine is.
    if (this.crashingFrames.length > 0 && this.crashingId === null) {
      this.locked = true
      this.section = 'other'
      return 'line'
    }
    this.crashingFrames = []
    this.citedTopFrame = false
    this.crashingId = id
    this.locked = active
    this.section = 'crashing'
    return 'crashingGoroutine'
  }

  private readFunction(printed: string, hasArgs: boolean): DumpRole {
    this.flushPending()
    this.afterCreatedBy = false
    const name = printed.startsWith('[') ? printed.slice(1) : printed
    // pkg/errors prints one stack per wrap, each down to runtime.goexit: the last is nearest the fatal call.
    if (this.section === 'headless' && isGoexitFrame(this.lastFunction)) {
      this.crashingFrames = []
      this.segments++
    }
    this.lastFunction = name
    if (this.section === 'other' && this.otherFunctions.size < MAX_OTHER_FUNCTIONS) this.otherFunctions.add(name)
    if (this.section !== 'other') {
      this.hasPanicFrame ||= isPanicFrame(name)
      this.hasDebugStack ||= isDebugStackFrame(name)
    }
    this.pending = {frame: {function: name, file: null, line: null, module: packageOf(name), address: null}, keep: hasArgs}
    return 'line'
  }

  private readFile(file: string, line: number, pc: string | null): DumpRole {
    if (this.afterCreatedBy) {
      this.afterCreatedBy = false
      return 'line'
    }
    if (this.pending) {
      const frame = {...this.pending.frame, file, line, address: pc}
      this.pending = null
      return this.push(frame)
    }
    // A caller list of bare 'file:line' lines: the frames after the runtime's panic are the crash site.
    if (isPanicFile(file) && this.section !== 'other') {
      this.hasPanicFrame = true
      this.crashingFrames = []
      this.citedTopFrame = false
      return 'line'
    }
    return this.push({function: `${file}:${line}`, file, line, module: null, address: pc})
  }

  private flushPending(): void {
    if (this.pending?.keep) this.push(this.pending.frame)
    this.pending = null
  }

  private push(frame: Frame): DumpRole {
    const target = this.section === 'runtime' ? this.runtimeFrames : this.section === 'other' ? null : this.crashingFrames
    if (target === null) return 'line'
    if (target.length >= MAX_FRAMES) {
      this.dropped++
      return 'line'
    }
    target.push(frame)
    // The innermost frame worth citing is the first outside the runtime's own machinery.
    if (target !== this.crashingFrames || this.citedTopFrame || isIgnoredFrame(normaliseFunction(frame.function))) return 'line'
    this.citedTopFrame = true
    return 'topFrame'
  }

  private describeStates(): string {
    const sorted = [...this.states].sort((a, b) => b[1] - a[1])
    const shown = sorted.slice(0, MAX_STATES_IN_FACTS).map(([state, n]) => `${state}: ${n}`)
    if (sorted.length > MAX_STATES_IN_FACTS) shown.push(`${sorted.length - MAX_STATES_IN_FACTS} more states`)
    return shown.join(', ')
  }
}
