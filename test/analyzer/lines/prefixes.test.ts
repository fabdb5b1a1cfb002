import {describe, expect, test} from 'vitest'
import {linesOf, stripPrefixes} from '../../../analyzer/lines/line.js'
import {PREFIX_PATTERNS} from '../../../analyzer/lines/prefixes.js'
import {formatTime, parseTimestamp} from '../../../analyzer/lines/timestamps.js'

describe('prefix table', () => {
  test.each(PREFIX_PATTERNS.flatMap((p) => p.examples.map((e) => [p.name, e] as const)))('%s matches its example %#', (_name, example) => {
    const entry = PREFIX_PATTERNS.find((p) => p.name === _name)!
    expect(entry.re.test(example)).toBe(true)
  })
})

describe('stripPrefixes', () => {
  test('aggregator node, Go log time and origin are set aside', () => {
    const f = stripPrefixes('datanode-1 | 2026/11/21 16:26:30.739618 server.go:226: flags: --fatal-on-error=false')
    expect(f).toMatchObject({node: 'datanode-1', origin: 'server.go:226', text: 'flags: --fatal-on-error=false'})
    expect(formatTime(f.time)).toBe('2026-11-21T16:26:30.739Z')
  })

  test('glog header gives level F and the source location', () => {
    const f = stripPrefixes('F0914 17:40:26.355070 1166569 db_impl.cc:241] Check failed: s.ok()')
    expect(f).toMatchObject({level: 'F', origin: 'db_impl.cc:241', text: 'Check failed: s.ok()'})
    expect(formatTime(f.time)).toBeNull()
    expect(f.time).not.toBeNull()
  })

  test('rDSN header gives level, time and function origin', () => {
    const f = stripPrefixes('F2024-05-22 14:28:29.529 (1716359309529123456 12345) replica.default0.0000: replica_bulk_loader.cpp:479:download_sst_file(): assertion expression: false')
    expect(f).toMatchObject({level: 'F', origin: 'replica_bulk_loader.cpp:479:download_sst_file', text: 'assertion expression: false'})
    expect(formatTime(f.time)).toBe('2024-05-22T14:28:29.529Z')
  })

  test('journald then a service wrapper prefix', () => {
    const f = stripPrefixes('Sep 29 03:25:00 host-7 prometheus[3055]: fatal error: runtime: out of memory')
    expect(f).toMatchObject({node: 'host-7', text: 'fatal error: runtime: out of memory'})
  })

  test('JVM service wrapper around a glog line', () => {
    const f = stripPrefixes('INFO   | jvm 1    | 2017/12/01 06:47:30 | I1201 06:47:25  6860 topology_vacuum.go:83] Start vacuum')
    expect(f.text).toBe('Start vacuum')
    expect(f.origin).toBe('topology_vacuum.go:83')
  })

  test('teuthology-style logger names become the node, so two daemons stay apart', () => {
    const a = stripPrefixes('2024-03-08T01:00:45.505 INFO:tasks.ceph.mon.a.host1.stderr:*** Caught signal (Segmentation fault) **')
    const c = stripPrefixes('2024-03-08T01:00:45.505 INFO:tasks.ceph.mon.c.host1.stderr: in thread 7ff0 thread_name:ms_dispatch')
    expect(a.node).not.toBe(c.node)
    expect(a.text).toBe('*** Caught signal (Segmentation fault) **')
  })

  test('a mail or markdown quote is set aside; the indentation after its space stays', () => {
    expect(stripPrefixes('> goroutine 1 [running]:').text).toBe('goroutine 1 [running]:')
    expect(stripPrefixes('>     @     0x7f3a2b1c4d5e  rocksdb::DBImpl::Get()').text).toBe('    @     0x7f3a2b1c4d5e  rocksdb::DBImpl::Get()')
    expect(stripPrefixes('> \t/src/store.go:42 +0x1d').text).toBe('\t/src/store.go:42 +0x1d')
    expect(stripPrefixes('>').text).toBe('')
  })

  test('nested quotes, with or without spaces, are one prefix', () => {
    expect(stripPrefixes('> > panic: runtime error: index out of range').text).toBe('panic: runtime error: index out of range')
    expect(stripPrefixes('>>panic: runtime error: index out of range').text).toBe('panic: runtime error: index out of range')
  })

  test('the prefixes behind a quote are still read', () => {
    const f = stripPrefixes('> datanode-1 | 2026/11/21 16:26:30.739618 server.go:226: flags: --x')
    expect(f).toMatchObject({node: 'datanode-1', origin: 'server.go:226', text: 'flags: --x'})
  })

  test('log4j and logback: the level is read and the thread bracket set aside, never taken for a node', () => {
    const hbase = stripPrefixes('2026-11-21 10:00:00,123 FATAL [RS_OPEN_REGION-1] regionserver.HRegionServer: ABORTING region server kv-3')
    expect(hbase).toMatchObject({level: 'FATAL', node: null, text: 'regionserver.HRegionServer: ABORTING region server kv-3'})
    expect(formatTime(hbase.time)).toBe('2026-11-21T10:00:00.123Z')
    expect(stripPrefixes('2026-11-21 10:00:00.123 [main] ERROR a.Main - Shutting down')).toMatchObject({level: 'ERROR', node: null, text: 'a.Main - Shutting down'})
    // The stack after the record has no prefix: both must fall in one (node-less) stream.
    expect(linesOf('2026-11-21 10:00:00,123 INFO  [main] a.B: x\n\tat a.B.c(B.java:1)\n').map((l) => l.node)).toEqual([null, null])
  })

  test('a quote is only ever the outermost prefix: a `>` after a timestamp is the message', () => {
    expect(stripPrefixes('2024-05-22 14:28:29,529 > 3 replicas lagging').text).toBe('> 3 replicas lagging')
  })

  test('trace lines themselves are left alone', () => {
    for (const line of ['goroutine 1 [running]:', '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4]', '#0  0x00007f in raise () from /lib64/libc.so.6', '*** Aborted at 1631612426 (unix time)']) {
      expect(stripPrefixes(line).text).toBe(line)
    }
  })
})

describe('parseTimestamp', () => {
  test('zones are applied', () => {
    expect(parseTimestamp('2024-01-01T10:00:00+02:00')).toBe(Date.UTC(2024, 0, 1, 8))
  })
  test('nonsense is null', () => {
    expect(parseTimestamp('2024-13-45 99:00:00')).toBeNull()
  })
})

describe('RFC 5424 syslog', () => {
  test('host, time and the header fields are set aside; the text is the message', () => {
    const f = stripPrefixes('<11>1 2026-11-21T10:00:00.123Z host-7 datanode 4242 - - panic: runtime error: index out of range [3] with length 3')
    expect(f).toMatchObject({node: 'host-7', text: 'panic: runtime error: index out of range [3] with length 3'})
    expect(formatTime(f.time)).toBe('2026-11-21T10:00:00.123Z')
  })

  test('the PRI severity is the forwarder\'s: no level from it, the message\'s own glog level stays', () => {
    expect(stripPrefixes('<11>1 2026-11-21T10:00:00Z host-7 datanode 4242 - - fatal error: out of memory').level).toBeNull()
    const f = stripPrefixes('<14>1 2026-11-21T10:00:00Z host-7 kudu 11 - - F0914 17:40:26.355070 1166569 db.cc:42] Check failed: ok')
    expect(f).toMatchObject({level: 'F', origin: 'db.cc:42', text: 'Check failed: ok'})
  })

  test('structured data with an escaped bracket and a zone offset', () => {
    const f = stripPrefixes('<27>1 2026-11-21T12:00:00.5+02:00 node-3 pegasus 77 crash [origin ip="10.0.0.3"][meta note="a\\]b"] *** Aborted at 1631612426 (unix time)')
    expect(f).toMatchObject({node: 'node-3', text: '*** Aborted at 1631612426 (unix time)'})
    expect(formatTime(f.time)).toBe('2026-11-21T10:00:00.500Z')
  })

  test('nil values name nothing, and a frame keeps its indentation', () => {
    expect(stripPrefixes('<11>1 - - - - - - \t/src/wal/wal.go:88 +0x1d')).toMatchObject({node: null, time: null, text: '\t/src/wal/wal.go:88 +0x1d'})
  })
})

describe('Loki logcli lines', () => {
  test('the time and the pod label are set aside; a stream without one names no node', () => {
    expect(stripPrefixes('2026-11-21T10:00:00.123Z {app="kv", pod="kv-0", level="error"} panic: boom')).toMatchObject({text: 'panic: boom', node: 'kv-0', time: Date.UTC(2026, 10, 21, 10, 0, 0, 123)})
    expect(stripPrefixes('2026-11-21T10:00:00Z {app="kv"} fatal error: concurrent map writes')).toMatchObject({text: 'fatal error: concurrent map writes', node: null})
  })
})

describe('coloured and marked lines', () => {
  test('terminal colours around a line or inside its prefix are not part of it', () => {
    const [whole, level] = linesOf([
      '\u001b[31mpanic: runtime error: invalid memory address or nil pointer dereference\u001b[0m',
      '2026/11/21 16:26:30.739618 [\u001b[1;31mERROR\u001b[0m] server.go:84: \u001b[33mwrite failed\u001b[0m',
    ].join('\n'))
    expect(whole).toMatchObject({raw: 'panic: runtime error: invalid memory address or nil pointer dereference', text: 'panic: runtime error: invalid memory address or nil pointer dereference'})
    expect(level).toMatchObject({level: 'ERROR', origin: 'server.go:84', text: 'write failed'})
  })

  test('other escape sequences stay in the line as read, for display as text, but not in what parsers match', () => {
    const [line] = linesOf('panic: boom\u001b]0;owned\u0007\u001b[2J')
    expect(line).toMatchObject({raw: 'panic: boom\u001b]0;owned\u0007\u001b[2J', text: 'panic: boom'})
  })

  test('a byte-order mark before the first line is not part of it', () => {
    expect(linesOf('\ufeffI1121 09:14:02.118000  4242 replica.cpp:12] open')[0]).toMatchObject({level: 'I', text: 'open'})
  })
})
