// The lines that say a JVM (or a thread of it) dies: the default handler's `Exception in thread`,
// the JVM's own OutOfMemoryError last words, and a service's FATAL/ERROR record saying it exits.
import type {LogLine} from '../model.js'
import {JAVA_CLASS} from './java-exception-stack.js'
import type {PatternTable} from './types.js'

const EXCEPTION = String.raw`(?<cls>${JAVA_CLASS})(?:: (?<msg>.*))?`

export const JAVA_HEADER_PATTERNS = {
  uncaught: {
    re: new RegExp(String.raw`^Exception in thread "(?<thread>[^"]*)"(?: ${EXCEPTION})?\s*$`),
    examples: ['Exception in thread "main" java.lang.OutOfMemoryError: Java heap space', 'Exception in thread "main"', 'Exception in thread "pool-1-thread-3" java.lang.StackOverflowError'],
  },
  handlerFailed: {
    re: new RegExp(String.raw`^Exception: (?<cls>${JAVA_CLASS}) thrown from the UncaughtExceptionHandler in thread "(?<thread>[^"]*)"`),
    examples: ['Exception: java.lang.OutOfMemoryError thrown from the UncaughtExceptionHandler in thread "main"'],
  },
  // -XX:+ExitOnOutOfMemoryError and -XX:+CrashOnOutOfMemoryError (which goes on with an hs_err report).
  jvmExit: {
    re: new RegExp(String.raw`^(?<verb>Terminating|Aborting) due to ${EXCEPTION}$`),
    examples: ['Terminating due to java.lang.OutOfMemoryError: Java heap space', 'Aborting due to java.lang.OutOfMemoryError: Metaspace'],
  },
  // -XX:OnOutOfMemoryError="cmd": the JVM names the error, then the command, then runs it.
  onOutOfMemory: {
    re: new RegExp(String.raw`^# (?<cls>java\.lang\.OutOfMemoryError)(?:: (?<msg>.*))?$`),
    examples: ['# java.lang.OutOfMemoryError: Java heap space'],
  },
  onOutOfMemoryCommand: {
    re: /^# -XX:OnOutOfMemoryError="(?<cmd>.*)"\s*$/,
    examples: ['# -XX:OnOutOfMemoryError="kill -9 %p"'],
  },
  onOutOfMemoryExecuting: {
    re: /^# +Executing (?<cmd>.*?)(?:\.\.\.)?\s*$/,
    examples: ['#   Executing /bin/sh -c "kill -9 1234"...'],
  },
  killedPid: {re: /\bkill(?: -\w{1,20}){0,4} (?<pid>\d{1,10})\b/, examples: ['/bin/sh -c "kill -9 1234"']},
  // Words of a record that says the process goes down (HBase, HDFS, ZooKeeper, Kafka, Cassandra, Alluxio).
  deathRecord: {
    re: /\bABORTING\b|\bShutting down(?:$|[.!:]| (?:the )?(?:JVM|process|server|[A-Z]))|\bFailed to start\b|\bSystem\.exit\b|\bExiting (?:with status|due to|Kafka|JVM)\b|\b(?:abnormally|and|[Ss]erver|[Pp]rocess) exiting\b|\bexiting abnormally\b|\bHalt(?:ing\b| with status\b)|\bhalting\b|\b(?:Starting|Prepare to) shutdown\b|\bencountered during startup\b/,
    examples: [
      '2026-11-21 10:00:00,123 FATAL [RS_OPEN_REGION-1] regionserver.HRegionServer: ABORTING region server kv-3,16020,1700000000000: Unhandled: Java heap space',
      '2026-11-21 10:00:00,123 ERROR namenode.NameNode (NameNode.java:main(1759)) - Failed to start namenode.',
      '2026-11-21 10:00:00,123 ERROR [main] namenode.NameNode: Shutting down NameNode',
      '[2026-11-21 10:00:00,123] ERROR Exiting Kafka due to fatal exception (kafka.Kafka$)',
      '2026-11-21 10:00:00,123 [myid:1] - ERROR [main:QuorumPeerMain@99] - Unexpected exception, exiting abnormally',
      'ERROR [main] 2026-11-21 10:00:00,123 CassandraDaemon.java:803 - Exception encountered during startup',
      '2026-11-21 10:00:09,004 ERROR [main] regionserver.HRegionServerCommandLine: Region server exiting',
    ],
  },
  // Start-up banners: a service that prints one after a death was started anew.
  lifeStart: {
    re: /^STARTUP_MSG: Starting \w|\bSTARTING service \w|\bvmName=.*\bvmVersion=/,
    examples: ['STARTUP_MSG: Starting NameNode', '2026-11-21 10:00:00,001 INFO  [main] regionserver.HRegionServer: STARTING service HRegionServer', 'util.ServerCommandLine: vmName=OpenJDK 64-Bit Server VM, vmVendor=Debian, vmVersion=17.0.15+6'],
  },
  // A level the prefix table left in the text (Kafka's `[time] ERROR`, ZooKeeper's `[myid:1] - ERROR`).
  inlineLevel: {
    re: /(?:^|[\s\]])(?<level>FATAL|ERROR)(?=[\s[:])/,
    examples: ['[2026-11-21 10:00:00,123] ERROR Exiting Kafka', '[myid:1] - ERROR [main:QuorumPeerMain@99] - x'],
  },
} as const satisfies PatternTable

const P = JAVA_HEADER_PATTERNS
const DEATH_LEVELS = new Set(['FATAL', 'ERROR'])

export type DeathStyle = 'uncaught' | 'handlerFailed' | 'jvmExit' | 'onOutOfMemory' | 'record'

export interface DeathHeader {
  style: DeathStyle
  /** The thread the default handler names: one thread dies once, so a second death of it is a new life. */
  thread: string | null
  /** The exception the line names; null when it follows on the next line. */
  className: string | null
  message: string | null
  why: string
  /** The JVM option that made it die, for -XX:+ExitOnOutOfMemoryError and kin. */
  oomAction: string | null
}

export const JAVA_TRIGGERS = [
  'Exception in thread',
  'thrown from the UncaughtExceptionHandler',
  'Terminating due to',
  'Aborting due to',
  '# java.lang.OutOfMemoryError',
  'ABORTING',
  'Shutting down',
  'Failed to start',
  'System.exit',
  'Exiting',
  'exiting',
  'Halt',
  'halting',
  'Starting shutdown',
  'Prepare to shutdown',
  'during startup',
] as const

function header(style: DeathStyle, why: string, fields: Partial<DeathHeader> = {}): DeathHeader {
  return {style, thread: null, className: null, message: null, oomAction: null, why, ...fields}
}

function exceptionFields(g: Record<string, string | undefined>): Partial<DeathHeader> {
  return {className: g.cls ?? null, message: g.msg?.trim() || null}
}

/** The record's level: the prefix's, else one left in the text before the dying words. */
function recordLevel(line: LogLine, text: string, wordsAt: number): string | null {
  if (line.level !== null) return line.level
  const inline = P.inlineLevel.re.exec(text)
  return inline && inline.index < wordsAt ? inline.groups?.level ?? null : null
}

/** The death a line announces, or null. */
export function readDeathHeader(line: LogLine): DeathHeader | null {
  if (line.fromField) return null
  const text = line.text.trim()
  const uncaught = P.uncaught.re.exec(text)?.groups
  if (uncaught) {
    const thread = uncaught.thread ?? null
    return header('uncaught', `uncaught exception kills thread "${thread}"`, {thread, ...exceptionFields(uncaught)})
  }
  const handler = P.handlerFailed.re.exec(text)?.groups
  if (handler) return header('handlerFailed', 'the uncaught-exception handler itself failed', {thread: handler.thread ?? null, className: handler.cls ?? null})
  const exit = P.jvmExit.re.exec(text)?.groups
  if (exit) {
    const crash = exit.verb === 'Aborting'
    return header('jvmExit', crash ? 'the JVM aborts on OutOfMemoryError' : 'the JVM exits on OutOfMemoryError', {...exceptionFields(exit), oomAction: crash ? 'CrashOnOutOfMemoryError' : 'ExitOnOutOfMemoryError'})
  }
  const onOom = P.onOutOfMemory.re.exec(text)?.groups
  if (onOom) return header('onOutOfMemory', 'the JVM runs its OnOutOfMemoryError command', {...exceptionFields(onOom), oomAction: 'OnOutOfMemoryError'})
  const words = P.deathRecord.re.exec(text)
  if (words && DEATH_LEVELS.has(recordLevel(line, text, words.index) ?? '')) return header('record', 'the service logs that it goes down')
  return null
}
