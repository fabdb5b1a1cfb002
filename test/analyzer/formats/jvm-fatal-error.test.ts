import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {jvmFatalErrorFormat} from '../../../analyzer/formats/jvm-fatal-error.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const REPORT = `2026-11-21 10:00:00,001 INFO  [main] opened rocksdb at /data/kv
#
# A fatal error has been detected by the Java Runtime Environment:
#
#  SIGSEGV (0xb) at pc=0x00007f3a9c2e4f5f, pid=4242, tid=0x00007f3a8c1d2700
#
# JRE version: OpenJDK Runtime Environment (11.0.20+8) (build 11.0.20+8)
# Java VM: OpenJDK 64-Bit Server VM (11.0.20+8, mixed mode, tiered, compressed oops, g1 gc, linux-amd64)
# Problematic frame:
# C  [librocksdbjni-linux64.so+0x2e4f5f]  rocksdb::DBImpl::GetImpl(rocksdb::ReadOptions const&, rocksdb::Slice const&)+0x1f
#
# Core dump will be written. Default location: core.4242
#
# An error report file with more information is saved as:
# /opt/kv/hs_err_pid4242.log
#
`

describe('jvm-fatal-error', () => {
  test('a JNI library SIGSEGV: signal, pid, problematic frame, line range', () => {
    const [e, ...rest] = parseLines([jvmFatalErrorFormat], linesOf(REPORT))
    expect(rest).toEqual([])
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', pid: 4242, runtime: 'java', firstLine: 3, lastLine: 16})
    expect(e!.frames[0]).toMatchObject({function: 'rocksdb::DBImpl::GetImpl(rocksdb::ReadOptions const&, rocksdb::Slice const&)+0x1f', module: 'librocksdbjni-linux64.so'})
  })

  test('native out of memory and internal errors', () => {
    const oom = '# A fatal error has been detected by the Java Runtime Environment:\n# There is insufficient memory for the Java Runtime Environment to continue.\n# Native memory allocation (mmap) failed to map 65536 bytes\n'
    expect(parseLines([jvmFatalErrorFormat], linesOf(oom))[0]!.kinds).toEqual(['oom'])
    const internal = '# A fatal error has been detected by the Java Runtime Environment:\n#\n#  Internal Error (sharedRuntime.cpp:553), pid=7, tid=8\n'
    expect(parseLines([jvmFatalErrorFormat], linesOf(internal))[0]).toMatchObject({kinds: ['abort'], message: 'JVM internal error (sharedRuntime.cpp:553)'})
  })

  test('a cut report with only its header is not a crash; prose mentioning the JVM is not either', () => {
    expect(parseLines([jvmFatalErrorFormat], linesOf('# A fatal error has been detected by the Java Runtime Environment:\n'))).toEqual([])
    expect(parseLines([jvmFatalErrorFormat], linesOf('INFO docs: when a fatal error is detected by the JVM, read hs_err\n'))).toEqual([])
  })
})
