import {describe, expect, test} from 'vitest'
import {cephCaughtSignalFormat} from '../../../analyzer/formats/ceph-caught-signal.js'
import {eventsOf, expectPatternTable, functionsOf, onlyEvent} from './postmortem-test-helpers.js'

const DUMP = `2024-02-01T10:00:00.100+0000 7f3b2a1c0700 -1 *** Caught signal (Segmentation fault) **
 in thread 7f3b2a1c0700 thread_name:bstore_kv_sync

 ceph version 18.2.1 (7fe91d5d5842e04be3b4f514d6dd990c54b29c76) reef (stable)
 1: /lib64/libc.so.6(+0x3e6f0) [0x7f3b3503e6f0]
 2: (rocksdb::DBImpl::WriteImpl(rocksdb::WriteOptions const&, rocksdb::WriteBatch*)+0x1a4) [0x55d1f1e2a4b4]
 3: (RocksDBStore::submit_common(rocksdb::WriteOptions&, KeyValueDB::Transaction)+0x83) [0x55d1f1d8b0c3]
 4: /usr/bin/ceph-osd(+0x9a1b2c) [0x55d1f19a1b2c]
 5: main()
 NOTE: a copy of the executable, or \`objdump -rdS <executable>\` is needed to interpret this.

--- logging levels ---
   0/ 5 none
`

describe('ceph-caught-signal', () => {
  test('its pattern table proves itself', () => expectPatternTable(cephCaughtSignalFormat))

  test('a Caught signal dump: kind, thread, version, frames, ends at the NOTE', () => {
    const e = onlyEvent(cephCaughtSignalFormat, DUMP)
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', runtime: 'cpp', firstLine: 1, lastLine: 10})
    expect(e.facts).toEqual({thread: '7f3b2a1c0700', threadName: 'bstore_kv_sync', version: '18.2.1'})
    expect(functionsOf(e)).toEqual([
      '??',
      'rocksdb::DBImpl::WriteImpl(rocksdb::WriteOptions const&, rocksdb::WriteBatch*)',
      'RocksDBStore::submit_common(rocksdb::WriteOptions&, KeyValueDB::Transaction)',
      '??',
      'main',
    ])
    expect(e.frames[0]).toMatchObject({module: '/lib64/libc.so.6', address: '0x7f3b3503e6f0'})
  })

  test('the recent-events replay after the dump belongs to the same crash', () => {
    const replay = [
      '--- begin dump of recent events ---',
      '   -2> 2024-02-01T10:00:00.050+0000 7f3b2a1c0700  5 osd.1 1234 heartbeat',
      '    0> 2024-02-01T10:00:00.100+0000 7f3b2a1c0700 -1 *** Caught signal (Segmentation fault) **',
      ' in thread 7f3b2a1c0700 thread_name:bstore_kv_sync',
      ' 1: /lib64/libc.so.6(+0x3e6f0) [0x7f3b3503e6f0]',
      '--- logging levels ---',
      '   0/ 5 none',
      '--- end dump of recent events ---',
      '2024-02-01T10:00:05.000+0000 7f00 0 ceph version 18.2.1 starting osd.1',
    ]
    const text = DUMP.split('\n').slice(0, 11).join('\n') + '\n' + replay.join('\n')
    const e = onlyEvent(cephCaughtSignalFormat, text)
    expect([e.firstLine, e.lastLine]).toEqual([1, 19])
    expect(e.frames).toHaveLength(5)
  })

  test('two daemons on different node prefixes are two events, even interleaved and cut', () => {
    const text = [
      '2024-03-08T01:00:45.505 INFO:tasks.ceph.osd.1.smithi012.stderr:*** Caught signal (Aborted) **',
      '2024-03-08T01:00:45.505 INFO:tasks.ceph.osd.1.smithi012.stderr: in thread 7ff0 thread_name:tp_osd_tp',
      '2024-03-08T01:00:45.505 INFO:tasks.ceph.osd.2.smithi012.stderr:*** Caught signal (Segmentation fault) **',
      '2024-03-08T01:00:45.506 INFO:tasks.ceph.osd.2.smithi012.stderr: in thread 7fcc thread_name:ms_dispatch',
      '2024-03-08T01:00:45.506 INFO:tasks.ceph.osd.2.smithi012.stderr: 1: /lib64/libc.so.6(+0x54db0) [0x7fcc7aa54db0]',
      '2024-03-08T01:00:45.506 INFO:tasks.ceph.osd.2.smithi012.stderr: 2: (Messenger::ms_deliver_dispatch(boost::intrusive_ptr<Message> const&)+0x4) [0x7fcc]',
    ].join('\n')
    const events = eventsOf(cephCaughtSignalFormat, text)
    expect(events.map((e) => [e.kinds[0], e.frames.length, e.facts.threadName])).toEqual([
      ['abort', 0, 'tp_osd_tp'],
      ['sigsegv', 2, 'ms_dispatch'],
    ])
  })

  test('markdown-damaged header and frames still parse', () => {
    const e = onlyEvent(cephCaughtSignalFormat, '2013-09-25 15:06:23.307320 7fabf13a3700 -1 **\\* Caught signal (Segmentation fault) **\n in thread 7fabf13a3700\n 1: ceph-mon() [0x80fdea]\n 2: (Monitor::handle_command(MMonCommand_)+0x19f4) [0x56d524]\n')
    expect(functionsOf(e)).toEqual(['??', 'Monitor::handle_command(MMonCommand_)'])
    expect(e.frames[0]?.module).toBe('ceph-mon')
  })

  test('healthy Ceph lines yield nothing', () => {
    const healthy = [
      '2024-02-01T10:00:00.100+0000 7f3b2a1c0700 -1 received  signal: Hangup from killall -q -1 ceph-osd (PID: 1234) UID: 0',
      '2024-02-01T10:00:00.200+0000 7f3b2a1c0700  0 osd.1 1234 Caught signal (Hangup) -- reopening logs',
      ' 1: (entry()+0x10) [0x55d1]',
    ].join('\n')
    expect(eventsOf(cephCaughtSignalFormat, healthy)).toEqual([])
  })
})
