import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {javaExceptionFormat} from '../../../analyzer/formats/java-exception.js'
import {TRACE_FORMATS} from '../../../analyzer/formats/registry.js'
import {linesOf} from '../../../analyzer/lines/line.js'
import {eventsOf} from './postmortem-test-helpers.js'

// A region server that lives on: stacks logged at ERROR and WARN, OOM settings in its arguments.
const LIVING_REGIONSERVER = `2026-11-21 10:00:00,001 INFO  [main] regionserver.HRegionServer: vmInputArguments=[-Xmx64m, -XX:+HeapDumpOnOutOfMemoryError, -XX:OnOutOfMemoryError=kill -9 %p]
2026-11-21 10:00:00,010 ERROR [regionserver/kv-3:16020] wal.FSHLog: Failed open of WAL writer /hbase/WALs/kv-3.1700000000123, will retry
java.io.IOException: Failed to create WAL writer kv-3.1700000000123
\tat storsim.hbase.regionserver.wal.FSHLog.createWriter(FSHLog.java:35)
\tat java.base/java.lang.Thread.run(Thread.java:840)
Caused by: java.io.FileNotFoundException: /hbase/WALs/kv-3.1700000000123 (No such file or directory)
\tat java.base/java.io.FileOutputStream.open0(Native Method)
\t... 1 more
2026-11-21 10:00:00,020 WARN  [RpcServer.default.FPBQ.Fifo.handler=29,queue=2,port=16020] regionserver.RSRpcServices: Failed get of row user5021
org.apache.hadoop.hbase.NotServingRegionException: Region usertable,user5,1700000000000.9a1b2c3d. is not online on kv-3,16020,1700000000000
\tat org.apache.hadoop.hbase.regionserver.HRegionServer.getRegion(HRegionServer.java:3300)
2026-11-21 10:00:00,030 ERROR [RpcServer.listener,port=16020] ipc.RpcServer: Shutting down connection to 10.0.0.9:53012
java.io.IOException: Connection reset by peer
\tat java.base/sun.nio.ch.SocketDispatcher.read0(Native Method)
2026-11-21 10:00:03,000 INFO  [Thread-5] regionserver.HRegionServer: STOPPED: Shutdown hook
2026-11-21 10:00:03,010 INFO  [regionserver/kv-3:16020] regionserver.HRegionServer: Exiting; stopping=kv-3,16020,1700000000000; zookeeper connection closed.
`

const none = (text: string) => expect(eventsOf(javaExceptionFormat, text)).toEqual([])

describe('java-exception: what is no death', () => {
  test('stacks a living service logs at ERROR and WARN, with their causes, under any format', () => {
    none(LIVING_REGIONSERVER)
    expect(parseLines(TRACE_FORMATS, linesOf(LIVING_REGIONSERVER))).toEqual([])
  })

  test('prose and settings that name OutOfMemoryError or an uncaught exception', () => {
    none('2026-11-21 10:00:00,001 INFO  [main] util.ServerCommandLine: vmInputArguments=[-XX:+HeapDumpOnOutOfMemoryError, -XX:+ExitOnOutOfMemoryError]\n')
    none('2026-11-21 10:00:00,001 WARN  [main] a.Loader: caught java.lang.OutOfMemoryError: Java heap space, retrying with a smaller batch\n')
    none('2026-11-21 10:00:00,001 INFO  [main] docs: an Exception in thread "main" line means the thread died\n')
  })

  test('a stack with a Caused-by chain that no death announces', () => {
    none('java.io.IOException: flush failed\n\tat a.B.flush(B.java:10)\nCaused by: java.io.IOException: No space left on device\n\tat a.B.write(B.java:20)\n\t... 1 more\n')
  })

  test("the JVM's heap dump for an OutOfMemoryError a thread caught", () => {
    none('java.lang.OutOfMemoryError: Java heap space\nDumping heap to /tmp/java_pid4242.hprof ...\nHeap dump file created [23663938 bytes in 0.029 secs]\n')
  })

  test('a record that says the service goes down: at INFO, or without the exception it dies of', () => {
    none('2026-11-21 10:00:00,001 INFO  util.ExitUtil: Exiting with status 1: java.io.IOException: NameNode is not formatted.\n')
    none('2026-11-21 10:00:00,001 INFO  [main] a.Server: Failed to start plugin, continuing\njava.io.IOException: x\n\tat a.B.c(B.java:1)\n')
    none('2026-11-21 10:00:00,001 ERROR [main] namenode.NameNode: Shutting down NameNode\n2026-11-21 10:00:00,002 INFO  [main] namenode.NameNode: SHUTDOWN_MSG: \n')
  })
})
