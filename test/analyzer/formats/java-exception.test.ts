import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {diagnoseLog} from '../../../analyzer/index.js'
import {javaExceptionFormat} from '../../../analyzer/formats/java-exception.js'
import {eventsOf, functionsOf, onlyEvent} from './postmortem-test-helpers.js'

const java = (text: string) => onlyEvent(javaExceptionFormat, text)

const NAMENODE_OOM = `2026-11-21 10:00:00,123 INFO  [main] namenode.FSImage: Loading image file /data/fsimage_000
Exception in thread "main" java.lang.OutOfMemoryError: Java heap space
\tat java.util.Arrays.copyOf(Arrays.java:3332)
\tat org.apache.hadoop.hdfs.server.namenode.FSImage.loadFSImage(FSImage.java:1000)
\tat org.apache.hadoop.hdfs.server.namenode.NameNode.main(NameNode.java:1700)
`

// As OpenJDK 17 printed it for an exception thrown from main with two causes and a suppressed one.
const CHAINED = `Exception in thread "main" java.lang.RuntimeException: outer failed
\tat Fill.main(Fill.java:6)
\tSuppressed: java.lang.IllegalStateException: close failed
\t\t... 1 more
Caused by: java.lang.Exception: mid
\tat Fill.inner(Fill.java:11)
\t... 1 more
Caused by: java.io.IOException: disk gone
\tat Fill.deeper(Fill.java:12)
\t... 2 more
`

const HBASE_ABORT = `2026-11-21 10:00:00,100 INFO  [RS_OPEN_REGION-1] regionserver.HRegion: Replaying edits
2026-11-21 10:00:00,123 FATAL [RS_OPEN_REGION-1] regionserver.HRegionServer: ABORTING region server kv-3,16020,1700000000000: Unhandled: Java heap space
java.lang.OutOfMemoryError: Java heap space
\tat org.apache.hadoop.hbase.regionserver.HRegion.replayRecoveredEdits(HRegion.java:4800)
\tat org.apache.hadoop.hbase.regionserver.handler.OpenRegionHandler.process(OpenRegionHandler.java:129)
\tat java.base/java.lang.Thread.run(Thread.java:840)
2026-11-21 10:00:00,130 INFO  [regionserver/kv-3:16020] regionserver.HRegionServer: aborting server kv-3,16020,1700000000000
2026-11-21 10:00:01,004 ERROR [main] regionserver.HRegionServerCommandLine: Region server exiting
java.lang.RuntimeException: HRegionServer Aborted
\tat org.apache.hadoop.hbase.regionserver.HRegionServerCommandLine.start(HRegionServerCommandLine.java:68)
`

describe('java-exception: uncaught exceptions', () => {
  test('an OutOfMemoryError leaving main: oom, its frames innermost first, the thread', () => {
    const e = java(NAMENODE_OOM)
    expect(e).toMatchObject({kinds: ['oom'], runtime: 'java', terminal: true, message: 'java.lang.OutOfMemoryError: Java heap space', firstLine: 2, lastLine: 5})
    expect(e.frames[1]).toEqual({function: 'org.apache.hadoop.hdfs.server.namenode.FSImage.loadFSImage', file: 'FSImage.java', line: 1000, module: null})
    expect(e.facts).toMatchObject({thread: 'main', exception: 'java.lang.OutOfMemoryError', outOfMemory: 'Java heap space'})
  })

  test('other exceptions are panics; modules, native and unknown sources, logback jars are read', () => {
    const e = java(`Exception in thread "pool-1-thread-3" java.lang.IllegalStateException
\tat sun.nio.ch.EPollArrayWrapper.epollWait(Native Method)
\tat jdk.internal.reflect.GeneratedMethodAccessor5.invoke(Unknown Source)
\tat java.base@17.0.2/java.util.HashMap.get(HashMap.java:556)
\tat org.apache.kafka.common.network.Selector.poll(Selector.java:481) ~[kafka-clients-3.6.0.jar:?]
`)
    expect(e).toMatchObject({kinds: ['panic'], message: 'java.lang.IllegalStateException', facts: {thread: 'pool-1-thread-3'}})
    expect(e.frames.map((f) => [f.function, f.file, f.line, f.module])).toEqual([
      ['sun.nio.ch.EPollArrayWrapper.epollWait', null, null, null],
      ['jdk.internal.reflect.GeneratedMethodAccessor5.invoke', null, null, null],
      ['java.util.HashMap.get', 'HashMap.java', 556, 'java.base'],
      ['org.apache.kafka.common.network.Selector.poll', 'Selector.java', 481, null],
    ])
  })

  test('a Caused-by chain: the outermost frames are the crash, the root cause is a fact, its frames are for rules', () => {
    const e = java(CHAINED)
    expect(functionsOf(e)).toEqual(['Fill.main'])
    expect(e.facts).toMatchObject({exception: 'java.lang.RuntimeException', rootException: 'java.io.IOException', rootMessage: 'disk gone', causes: 2, suppressed: 1})
    expect(e.otherFrames).toEqual(['Fill.inner', 'Fill.deeper'])
    expect(e.evidence.map((ev) => [ev.line.lineNo, ev.why])).toEqual([[1, 'uncaught exception kills thread "main"'], [2, 'innermost frame'], [8, 'root cause']])
  })

  test.each([
    'Java heap space',
    'GC overhead limit exceeded',
    'Metaspace',
    'Direct buffer memory',
    'unable to create native thread: possibly out of memory or process/resource limits reached',
    'unable to create new native thread',
    'Requested array size exceeds VM limit',
  ])('OutOfMemoryError: %s is an oom', (what) => {
    expect(java(`Exception in thread "main" java.lang.OutOfMemoryError: ${what}\n\tat a.B.c(B.java:1)\n`)).toMatchObject({kinds: ['oom'], facts: {outOfMemory: what}})
  })

  test('an OutOfMemoryError as the cause of what was thrown: oom, and the panic it ended in', () => {
    const e = java('Exception in thread "main" java.lang.RuntimeException: load failed\n\tat a.B.c(B.java:1)\nCaused by: java.lang.OutOfMemoryError: Java heap space\n\tat a.B.d(B.java:2)\n\t... 1 more\n')
    expect(e.kinds).toEqual(['oom', 'panic'])
  })

  test('a StackOverflowError is a panic with the stackOverflow fact', () => {
    const e = java(`Exception in thread "SyncThread:1" java.lang.StackOverflowError\n${'\tat a.Tree.serializeNode(Tree.java:35)\n'.repeat(150)}`)
    expect(e).toMatchObject({kinds: ['panic'], facts: {stackOverflow: true, framesDropped: 50}})
    expect(e.frames).toHaveLength(100)
  })

  test('the class on the line after the header', () => {
    expect(java('Exception in thread "main"\njava.lang.NoClassDefFoundError: org/apache/zookeeper/Watcher\n\tat a.B.c(B.java:1)\n')).toMatchObject({kinds: ['panic'], message: 'java.lang.NoClassDefFoundError: org/apache/zookeeper/Watcher'})
  })

  test('threads dying of one OutOfMemoryError one after the other are one death; the same thread dying again is a new life', () => {
    const pool = [1, 2, 3].map((n) => `Exception in thread "pool-1-thread-${n}" java.lang.OutOfMemoryError: Java heap space\n`).join('')
    expect(java(pool).facts.deaths).toBe(3)
    expect(eventsOf(javaExceptionFormat, `${NAMENODE_OOM}${NAMENODE_OOM}`)).toHaveLength(2)
    expect(eventsOf(javaExceptionFormat, `${NAMENODE_OOM}STARTUP_MSG: Starting NameNode\nException in thread "worker" java.lang.IllegalStateException\n`)).toHaveLength(2)
  })
})

describe("java-exception: the JVM's own last words", () => {
  test('-XX:+ExitOnOutOfMemoryError and the handler that failed itself', () => {
    expect(java('Terminating due to java.lang.OutOfMemoryError: Java heap space\n')).toMatchObject({kinds: ['oom'], facts: {oomAction: 'ExitOnOutOfMemoryError', outOfMemory: 'Java heap space'}})
    expect(java('\nException: java.lang.OutOfMemoryError thrown from the UncaughtExceptionHandler in thread "main"\n')).toMatchObject({kinds: ['oom'], facts: {thread: 'main'}})
  })

  test('-XX:OnOutOfMemoryError: the command and the pid it kills; the error line alone is not enough', () => {
    const e = java('#\n# java.lang.OutOfMemoryError: Java heap space\n# -XX:OnOutOfMemoryError="kill -9 %p"\n#   Executing /bin/sh -c "kill -9 1234"...\n')
    expect(e).toMatchObject({kinds: ['oom'], pid: 1234, firstLine: 2, lastLine: 4, facts: {oomAction: 'OnOutOfMemoryError', onOutOfMemoryCommand: 'kill -9 %p'}})
    expect(eventsOf(javaExceptionFormat, '# java.lang.OutOfMemoryError: Java heap space\n')).toEqual([])
  })

  test('-XX:+CrashOnOutOfMemoryError and the fatal error report after it are one crash, the OOM first', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'storctl-java-'))
    const file = path.join(dir, 'namenode.log')
    writeFileSync(file, 'Aborting due to java.lang.OutOfMemoryError: Java heap space\n#\n# A fatal error has been detected by the Java Runtime Environment:\n#\n#  Internal Error (debug.cpp:362), pid=8014, tid=8016\n#  fatal error: OutOfMemory encountered: Java heap space\n#\n')
    const {report} = await diagnoseLog([file])
    expect(report.crashes).toHaveLength(1)
    expect(report.crashes[0]).toMatchObject({kind: 'oom', kinds: ['oom', 'abort'], formats: ['java-exception', 'jvm-fatal-error']})
  })
})

describe('java-exception: a service saying it goes down', () => {
  test('HBase ABORTING at FATAL with the OutOfMemoryError, and main exiting after it: one death', () => {
    const e = java(HBASE_ABORT)
    expect(e).toMatchObject({kinds: ['oom', 'panic'], message: 'java.lang.OutOfMemoryError: Java heap space', firstLine: 2, lastLine: 10})
    expect(functionsOf(e)[0]).toBe('org.apache.hadoop.hbase.regionserver.HRegion.replayRecoveredEdits')
    expect(e.facts).toMatchObject({deaths: 2, deathRecord: 'regionserver.HRegionServer: ABORTING region server kv-3,16020,1700000000000: Unhandled: Java heap space'})
    expect(e.otherFrames).toEqual(['org.apache.hadoop.hbase.regionserver.HRegionServerCommandLine.start'])
  })

  test.each([
    ['HDFS', '2026-11-21 10:00:00,123 ERROR namenode.NameNode (NameNode.java:main(1759)) - Failed to start namenode.'],
    ['Kafka', '[2026-11-21 10:00:00,123] ERROR Exiting Kafka due to fatal exception (kafka.Kafka$)'],
    ['ZooKeeper', '2026-11-21 10:00:00,123 [myid:1] - ERROR [main:QuorumPeerMain@99] - Unexpected exception, exiting abnormally'],
    ['logback', '2026-11-21 10:00:00.123 [main] ERROR a.Main - Shutting down: System.exit(1)'],
  ])('%s: the record and the exception after it', (_system, record) => {
    const e = java(`${record}\njava.io.IOException: NameNode is not formatted.\n\tat a.FSImage.recoverTransitionRead(FSImage.java:252)\n`)
    expect(e).toMatchObject({kinds: ['panic'], message: 'java.io.IOException: NameNode is not formatted.', firstLine: 1, lastLine: 3})
  })
})
