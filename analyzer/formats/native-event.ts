// A TraceEvent under construction, shared by the in-process C++ crash formats.
import type {CrashKind, Evidence, Frame, LogLine, Runtime, TraceEvent} from '../model.js'

/** Frames kept per event; the rest is only counted. */
export const MAX_NATIVE_FRAMES = 100
const MAX_EVIDENCE = 6

export class NativeEventDraft {
  readonly kinds = new Set<CrashKind>()
  signal: string | null = null
  message: string | null = null
  faultAddress: string | null = null
  terminal = true
  pid: number | null = null
  readonly frames: Frame[] = []
  readonly evidence: Evidence[] = []
  readonly facts: Record<string, string | number | boolean> = {}
  firstLine: number
  lastLine: number
  private frameCount = 0

  constructor(
    private readonly format: string,
    first: LogLine,
    private readonly runtime: Runtime | null = 'cpp',
  ) {
    this.firstLine = first.lineNo
    this.lastLine = first.lineNo
  }

  /** Marks a line as part of the trace. */
  take(line: LogLine): void {
    this.lastLine = Math.max(this.lastLine, line.lineNo)
  }

  /** Marks a key line, with why it matters. */
  note(line: LogLine, why: string): void {
    this.take(line)
    if (this.evidence.length < MAX_EVIDENCE) this.evidence.push({line, why})
  }

  addFrame(frame: Frame): void {
    this.frameCount++
    if (this.frames.length < MAX_NATIVE_FRAMES) this.frames.push(frame)
  }

  /** Drops the frames kept so far (a later report replaces them). */
  clearFrames(): void {
    this.frames.length = 0
    this.frameCount = 0
  }

  toEvent(): TraceEvent {
    if (this.frameCount > this.frames.length) this.facts.framesTotal = this.frameCount
    return {
      format: this.format,
      runtime: this.runtime,
      kinds: [...this.kinds],
      signal: this.signal,
      message: this.message,
      frames: this.frames,
      faultAddress: this.faultAddress,
      firstLine: this.firstLine,
      lastLine: this.lastLine,
      evidence: this.evidence,
      terminal: this.terminal,
      recovered: false,
      pid: this.pid,
      facts: this.facts,
    }
  }
}
