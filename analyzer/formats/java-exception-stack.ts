// A Java stack trace as Throwable.printStackTrace prints it (log4j and logback too, after a record):
// `<class>: <message>`, `\tat pkg.Class.method(File.java:N)` frames, `... N more`, then the
// `Caused by:` chain at the left margin and `Suppressed:` blocks indented one level deeper.
import type {Frame, LogLine} from '../model.js'
import {MAX_FRAMES} from './event.js'
import type {PatternTable} from './types.js'

/** A qualified class name, or a bare one that says it is a throwable (classes of the default package). */
export const JAVA_CLASS = String.raw`(?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*|[A-Z][\w$]*(?:Exception|Error|Throwable)`

export const JAVA_STACK_PATTERNS = {
  // Hadoop's RemoteException prints the remote class in parentheses after its own.
  exceptionLine: {
    re: new RegExp(String.raw`^(?<cls>${JAVA_CLASS})(?:\([\w$.]+\))?(?:: (?<msg>.*))?\s*$`),
    examples: ['java.lang.OutOfMemoryError: Java heap space', 'java.lang.StackOverflowError', 'org.apache.hadoop.ipc.RemoteException(java.io.IOException): File /a could only be written to 0 of the 1 minReplication nodes'],
  },
  // An optional class loader and module (`app//`, `java.base/`, `java.base@17.0.2/`), a hidden class's `/0x..` suffix, logback's `~[jar:version]`.
  frame: {
    re: /^\s*at (?:(?:[\w.-]+\/)?(?<module>[\w.-]*)(?:@[\w.+-]*)?\/)?(?<fn>[\w$.<>]+(?:\/0x[0-9a-f]+)?[\w$.<>]*)\((?<src>[^()]*)\)(?: ~?\[[^\]]*\])?\s*$/,
    examples: [
      '\tat org.apache.hadoop.hdfs.server.namenode.FSImage.loadFSImage(FSImage.java:1000)',
      '\tat java.base/java.util.Arrays.copyOf(Arrays.java:3512)',
      '\tat sun.nio.ch.EPollArrayWrapper.epollWait(Native Method)',
      '\tat jdk.internal.reflect.GeneratedMethodAccessor5.invoke(Unknown Source)',
      '\tat app//org.example.Main.main(Main.java:7)',
      '\tat Fill$$Lambda$14/0x0000000800c03000.run(Unknown Source)',
      '\tat org.apache.kafka.common.network.Selector.poll(Selector.java:481) ~[kafka-clients-3.6.0.jar:?]',
    ],
  },
  // What the parentheses of a frame hold: `File.java:N`, `File.java`, or no file at all.
  frameSource: {
    re: /^(?:Native Method|Unknown Source|(?<file>[^:]+?)(?::(?<line>\d+))?)$/,
    examples: ['FSImage.java:1000', 'Native Method', 'Unknown Source', 'DirectMethodHandle$Holder'],
  },
  framesOmitted: {
    re: /^\s*\.\.\. \d+ (?:more|common frames omitted)\s*$/,
    examples: ['\t... 3 more', '\t... 12 common frames omitted'],
  },
  causedBy: {
    re: new RegExp(String.raw`^(?<indent>\s*)Caused by: (?<cls>${JAVA_CLASS})(?:\([\w$.]+\))?(?:: (?<msg>.*))?\s*$`),
    examples: ['Caused by: java.io.IOException: No space left on device', '\tCaused by: java.lang.IllegalStateException'],
  },
  suppressed: {
    re: new RegExp(String.raw`^\s+Suppressed: (?<cls>${JAVA_CLASS})`),
    examples: ['\tSuppressed: java.io.IOException: close failed'],
  },
} as const satisfies PatternTable

const P = JAVA_STACK_PATTERNS
/** Lines of a message that spans lines, between an exception line and its first frame. */
const MAX_MESSAGE_LINES = 5
/** Frame names kept of the causes and suppressed exceptions. */
const MAX_CAUSE_FRAMES = 60

export interface ThrownException {
  className: string
  message: string | null
}

/** The exception a line prints, when it is a bare exception line (not a log record). */
export function readExceptionLine(line: LogLine): ThrownException | null {
  if (line.level !== null) return null
  const m = P.exceptionLine.re.exec(line.text.trim())?.groups
  return m ? {className: m.cls ?? '', message: m.msg?.trim() || null} : null
}

function toFrame(groups: Record<string, string | undefined>): Frame {
  const src = P.frameSource.re.exec(groups.src ?? '')?.groups
  const file = src?.file ?? null
  return {function: groups.fn ?? '', file, line: file && src?.line ? Number(src.line) : null, module: groups.module || null}
}

/** One printed exception: its chain of causes, the outermost's frames, and the causes' frame names. */
export class JavaStack {
  /** The outermost exception, then its causes in order: the last is the root cause. */
  readonly chain: ThrownException[]
  readonly frames: Frame[] = []
  readonly causeFrames: string[] = []
  framesDropped = 0
  suppressed = 0
  /** The lines of the root cause and of the outermost exception's first frame, to cite. */
  rootLine: LogLine | null = null
  firstFrameLine: LogLine | null = null
  private inCause = false
  private inSuppressed = false
  private sawFrame = false
  private messageLines = 0
  private readonly baseIndent: number

  constructor(first: LogLine, outermost: ThrownException) {
    this.chain = [outermost]
    this.baseIndent = indentOf(first.text)
  }

  /** True when the line belongs to this stack. */
  read(line: LogLine): boolean {
    const text = line.text
    const frame = P.frame.re.exec(text)?.groups
    if (frame) {
      if (!this.inCause && !this.inSuppressed && this.frames.length === 0) this.firstFrameLine = line
      this.addFrame(toFrame(frame))
      return (this.sawFrame = true)
    }
    if (P.framesOmitted.re.test(text)) return (this.sawFrame = true)
    const cause = P.causedBy.re.exec(text)?.groups
    if (cause) {
      // A cause at the margin continues the main chain; an indented one belongs to a suppressed exception.
      this.inSuppressed = (cause.indent ?? '').length > this.baseIndent
      if (!this.inSuppressed) {
        this.chain.push({className: cause.cls ?? '', message: cause.msg?.trim() || null})
        this.rootLine = line
      }
      return this.startException()
    }
    if (P.suppressed.re.test(text)) {
      this.suppressed++
      this.inSuppressed = true
      return this.startException()
    }
    const continues = !this.sawFrame && this.messageLines < MAX_MESSAGE_LINES && line.level === null && line.time === null && text.trim() !== ''
    if (continues) this.messageLines++
    return continues
  }

  private startException(): true {
    this.inCause = true
    this.sawFrame = false
    this.messageLines = 0
    return true
  }

  private addFrame(frame: Frame): void {
    if (this.inCause || this.inSuppressed) {
      if (this.causeFrames.length < MAX_CAUSE_FRAMES) this.causeFrames.push(frame.function)
    } else if (this.frames.length < MAX_FRAMES) {
      this.frames.push(frame)
    } else {
      this.framesDropped++
    }
  }
}

function indentOf(text: string): number {
  return text.length - text.trimStart().length
}
