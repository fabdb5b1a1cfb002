// gdb backtraces of a crashed process or its core: `Program terminated with signal ...`, `#0  0x... in f () at a.cc:1`.
import type {Frame, LogLine, TraceEvent} from '../model.js'
import {normaliseSignal} from './native-signals.js'
import {MAX_FRAMES, addFrame, addKinds, cite, newEvent, take} from './postmortem-event.js'
import {FRAME_NAME_PATTERNS, bareFunction, runtimeOfFrames} from './postmortem-frames.js'
import {GDB_FRAME_PATTERNS, cleanGdbText, continuesFrame, isFrameStart, parseGdbFrame} from './postmortem-gdb-frame.js'
import {GDB_LINE_PATTERNS, gdbSignalOf, isGdbChatter} from './postmortem-gdb-lines.js'
import {type ThreadBlock, crashBlock, emptyBlock, framesOf, mayBeCrashThread, usefulBlocks} from './postmortem-gdb-threads.js'
import {NATIVE_FRAME_PATTERNS, SIGNAL_HANDLER_FRAME, nativeCrash} from './postmortem-kinds.js'
import type {PushResult, TraceFormat, TraceParser} from './types.js'

/** Unrelated lines tolerated before the first frame (program output after the signal) and after it. */
const IDLE_BEFORE_FRAMES = 25
const IDLE_AFTER_FRAMES = 8
/** Lines one frame may be wrapped over (gdb puts long argument lists and `at file:line` on their own lines). */
const MAX_WRAPS = 8

class GdbBacktraceParser implements TraceParser {
  private readonly event: TraceEvent
  private readonly blocks: ThreadBlock[] = []
  private signal: {sig: string; line: LogLine} | null = null
  private pending: {text: string; line: LogLine; wraps: number} | null = null
  private currentLwp: number | null = null
  private idle = 0
  /** Thread headers seen (`thread apply all bt`); only threads that may be the crashing one keep their frames. */
  private threads = 0
  private sawFrames = false

  constructor(first: LogLine) {
    this.event = newEvent(gdbBacktraceFormat.id, first)
    this.consume(first, cleanGdbText(first.text))
  }

  push(line: LogLine): PushResult {
    const text = cleanGdbText(line.text)
    if (this.pending && this.pending.wraps < MAX_WRAPS && continuesFrame(this.pending.text, text, line.text)) {
      this.pending.text += ` ${text}`
      this.pending.wraps++
      take(this.event, line)
      return 'taken'
    }
    this.flushPending()
    const result = this.consume(line, text)
    if (result === 'taken') this.idle = 0
    else if (result === 'skipped' && text !== '') {
      const limit = this.hasFrames() ? IDLE_AFTER_FRAMES : IDLE_BEFORE_FRAMES
      if (++this.idle > limit) return 'ended'
    }
    return result
  }

  private consume(line: LogLine, text: string): PushResult {
    if (isFrameStart(text)) return this.startFrame(line, text)
    const signal = gdbSignalOf(text)
    if (signal) {
      if (this.signal || this.hasFrames()) return 'ended'
      this.signal = {sig: signal.sig, line}
      if (signal.threadName) this.event.facts.threadName = signal.threadName
      cite(this.event, line, 'signal reported by gdb')
      return 'taken'
    }
    const header = GDB_LINE_PATTERNS.threadHeader.re.exec(text)?.groups
    if (header) {
      const lwp = Number(header.lwp ?? header.lwp2)
      this.retireLastBlock()
      this.threads++
      this.blocks.push(emptyBlock({header: text, threadNo: Number(header.n), lwp, name: header.name ?? null}))
      take(this.event, line)
      return 'taken'
    }
    const current = GDB_LINE_PATTERNS.currentThread.re.exec(text)?.groups
    if (current) this.currentLwp = Number(current.lwp)
    const core = GDB_LINE_PATTERNS.coreGenerated.re.exec(text)?.groups
    if (core) {
      if (this.signal || this.hasFrames()) return 'ended'
      this.event.facts.command = core.cmd ?? ''
    }
    if (!current && !core && !isGdbChatter(text)) return 'skipped'
    take(this.event, line)
    return 'taken'
  }

  /** A `#N` line: continues the current thread, replaces a repeated `bt`, or ends at another stack. */
  private startFrame(line: LogLine, text: string): PushResult {
    const block = this.blocks.at(-1)
    const isTop = GDB_FRAME_PATTERNS.frame.re.exec(text)?.groups?.n === '0'
    if (!block) this.blocks.push(emptyBlock({firstText: isTop ? text : null}))
    else if (isTop && block.frames.length > 0) {
      if (block.header !== null || block.firstText !== text) return 'ended'
      // The same #0 again: a repeated `bt` (or the full stack after gdb's one-frame preview).
      this.blocks.splice(-1, 1, emptyBlock({firstText: text}))
    } else if (isTop && block.firstText === null) block.firstText = text
    this.pending = {text, line, wraps: 0}
    take(this.event, line)
    return 'taken'
  }

  private flushPending(): void {
    if (!this.pending) return
    const parsed = parseGdbFrame(this.pending.text)
    const block = this.blocks.at(-1)
    if (parsed && block && block.frames.length < MAX_FRAMES) {
      block.frames.push(parsed)
      block.lines.push(this.pending.line)
    }
    this.sawFrames ||= parsed !== null
    this.pending = null
  }

  /** Forgets the frames of a finished thread that cannot be the crashing one (thousands of threads stay cheap). */
  private retireLastBlock(): void {
    const block = this.blocks.at(-1)
    if (!block || mayBeCrashThread(block, this.blocks.length === 1, this.currentLwp)) return
    this.blocks.pop()
  }

  private hasFrames(): boolean {
    return this.sawFrames || this.pending !== null
  }

  finish(): TraceEvent[] {
    this.flushPending()
    const blocks = usefulBlocks(this.blocks)
    const crash = crashBlock(blocks, this.currentLwp)
    const frames = crash ? framesOf(crash) : []
    const sig = this.signal ? (normaliseSignal(this.signal.sig) ?? this.signal.sig) : null
    const mallocMessage = crash?.frames.find((f) => f.mallocMessage)?.mallocMessage ?? null
    const verdict = nativeCrash({signal: sig, frames, mallocMessage, assumeCrash: this.threads === 0})
    if (verdict.kinds.length === 0) return []
    const event = this.event
    addKinds(event, verdict.kinds)
    event.signal = verdict.signal
    event.runtime = runtimeOfFrames(frames)
    for (const frame of frames) addFrame(event, frame)
    event.message = mallocMessage ?? (this.signal ? cleanGdbText(this.signal.line.text) : headline(frames))
    if (crash) this.citeFrames(crash)
    if (verdict.inferred) event.facts.kindInferred = true
    if (this.threads > 0) event.facts.threads = this.threads
    if (crash?.header) event.facts.crashThread = crash.header
    return [event]
  }

  private citeFrames(block: ThreadBlock): void {
    const first = block.lines[0]
    if (first) cite(this.event, first, 'innermost frame of the crashing thread')
    const cited = new Set<string>()
    block.frames.slice(0, 12).forEach((f, i) => {
      const line = block.lines[i]
      const why = frameWhy(f.frame.function)
      if (!line || !why || cited.has(why)) return
      cited.add(why)
      cite(this.event, line, why)
    })
  }
}

/** A headline when gdb printed no signal line: what the frames show. */
function headline(frames: readonly Frame[]): string | null {
  const whys = frames.slice(0, 12).map((f) => frameWhy(f.function))
  if (whys.includes('invalid free reported by tcmalloc')) return 'tcmalloc InvalidFree: free() of a pointer tcmalloc did not allocate'
  const lastAbort = whys.lastIndexOf('abort() frame')
  if (lastAbort >= 0) return `abort() called from ${frames[lastAbort + 1]?.function ?? 'an unknown frame'}`
  return whys.includes('signal handler frame') ? 'fatal signal caught by a signal handler (signal not printed)' : null
}

function frameWhy(fn: string): string | null {
  if (fn === SIGNAL_HANDLER_FRAME) return 'signal handler frame'
  const bare = bareFunction(fn)
  if (NATIVE_FRAME_PATTERNS.invalidFreeFrame.re.test(bare)) return 'invalid free reported by tcmalloc'
  if (NATIVE_FRAME_PATTERNS.mallocErrorFrame.re.test(bare)) return 'glibc malloc error'
  return NATIVE_FRAME_PATTERNS.abortFrame.re.test(bare) ? 'abort() frame' : null
}

/** A frame line that is gdb's (not ASan's `#0 0x.. in f(int) a.cc:1`, not coredumpctl's `#0  0x.. f (lib.so)`). */
function isGdbFrameLine(text: string): boolean {
  const frame = parseGdbFrame(text)
  const rest = GDB_FRAME_PATTERNS.frame.re.exec(text)?.groups?.rest ?? ''
  if (!frame || rest.startsWith('0x') || GDB_FRAME_PATTERNS.asanShape.re.test(text)) return false
  const f = frame.frame
  // gdb prints `f (args)`, then ` at file:line` or ` from lib.so`.
  return f.function === SIGNAL_HANDLER_FRAME || Boolean(f.file ?? f.module) || (Boolean(f.address) && rest.endsWith(')'))
}

export const gdbBacktraceFormat: TraceFormat = {
  id: 'gdb-backtrace',
  runtime: null,
  stage: 'postmortem',
  triggers: ['#0 ', '  0x0000', SIGNAL_HANDLER_FRAME, 'Program terminated with signal', 'Program received signal', ' received signal SIG', '(LWP ', 'Core was generated by'],
  patterns: {...GDB_FRAME_PATTERNS, ...GDB_LINE_PATTERNS, ...NATIVE_FRAME_PATTERNS, ...FRAME_NAME_PATTERNS},
  detect(line: LogLine): boolean {
    const text = cleanGdbText(line.text)
    return (
      isGdbFrameLine(text) ||
      gdbSignalOf(text) !== null ||
      GDB_LINE_PATTERNS.threadHeader.re.test(text) ||
      GDB_LINE_PATTERNS.coreGenerated.re.test(text)
    )
  },
  parse: (first) => new GdbBacktraceParser(first),
}
