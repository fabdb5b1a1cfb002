import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {cephBacktraceFormat} from '../../../analyzer/formats/ceph-backtrace.js'
import {cephCaughtSignalFormat} from '../../../analyzer/formats/ceph-caught-signal.js'
import {IncidentBuilder} from '../../../analyzer/incidents/merge.js'
import {linesOf} from '../../../analyzer/lines/line.js'
import type {Incident} from '../../../analyzer/model.js'
import {eventsOf, expectPatternTable, functionsOf, onlyEvent} from './postmortem-test-helpers.js'

const NOTE = ' NOTE: a copy of the executable, or `objdump -rdS <executable>` is needed to interpret this.'

// A signal dump whose `*** Caught signal` line a paste lost.
const HEADLESS = [
  '2024-02-01T10:00:00.090+0000 7f3b2a1c0700  1 osd.3 812 tick',
  ' in thread 7f3b2a1c0700 thread_name:bstore_kv_sync',
  '',
  ' ceph version 18.2.1 (7fe91d5d5842e04be3b4f514d6dd990c54b29c76) reef (stable)',
  ' 1: /lib64/libc.so.6(+0x3e6f0) [0x7f3b3503e6f0]',
  ' 2: (KernelDevice::aio_submit(IOContext*)+0x1a4) [0x55d1f1e2a4b4]',
  ' 3: (BlueFS::_flush_range(BlueFS::FileWriter*, unsigned long, unsigned long)+0x83) [0x55d1f1d8b0c3]',
  ' 4: main()',
  NOTE,
  '',
  '--- logging levels ---',
]

const ASSERT = [
  '/build/ceph/src/osd/PeeringState.cc: In function \'void PeeringState::activate()\' thread 7f01 time 2024-02-01T10:00:00.100+0000',
  '/build/ceph/src/osd/PeeringState.cc: 2811: FAILED ceph_assert(info.last_complete >= pg_log.get_tail())',
  ' ceph version 18.2.1 (7fe91d5d5842e04be3b4f514d6dd990c54b29c76) reef (stable)',
  ' 1: (ceph::__ceph_assert_fail(char const*, char const*, int, char const*)+0x12e) [0x55d1f1a0012e]',
  ' 2: (PeeringState::activate(ceph::os::Transaction&)+0x2f1) [0x55d1f1b002f1]',
  ' 3: (OSD::dequeue_peering_evt(OSDShard*, PG*)+0x1a7) [0x55d1f1c001a7]',
  NOTE,
]

describe('ceph-backtrace', () => {
  test('its pattern table proves itself', () => expectPatternTable(cephBacktraceFormat))

  test('Given a dump without its Caught signal line, then it is a crash read from its frames, its signal unknown', () => {
    const e = onlyEvent(cephBacktraceFormat, HEADLESS.join('\n'))
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: null, firstLine: 4, lastLine: 9})
    expect(e.facts).toMatchObject({version: '18.2.1', signalUnknown: true})
    expect(functionsOf(e)).toEqual(['??', 'KernelDevice::aio_submit(IOContext*)', 'BlueFS::_flush_range(BlueFS::FileWriter*, unsigned long, unsigned long)', 'main'])
  })

  test('a backtrace through abort() is an abort', () => {
    const text = [' ceph version 17.2.6 (d7ff0d10654d2280e08f1ab989c7cdf3064446a5) quincy (stable)', ' 1: /lib64/libc.so.6(+0x54db0) [0x7f0054db0]', ' 2: gsignal()', ' 3: abort()', ' 4: (OSD::init()+0x863) [0x55d100863]', NOTE].join('\n')
    expect(onlyEvent(cephBacktraceFormat, text)).toMatchObject({kinds: ['abort'], signal: 'SIGABRT'})
  })

  test('a failed ceph_assert backtrace is an abort', () => {
    expect(onlyEvent(cephBacktraceFormat, ASSERT.join('\n'))).toMatchObject({kinds: ['abort'], signal: 'SIGABRT', firstLine: 3})
  })

  test('without the NOTE line (cut, or not a death) it is nothing', () => {
    expect(eventsOf(cephBacktraceFormat, HEADLESS.slice(0, 8).join('\n'))).toEqual([])
  })

  test('the start-up banner and a version line without frames are nothing', () => {
    const healthy = [
      '2024-02-01T10:00:00.000+0000 7f00 0 ceph version 18.2.1 (7fe91d5d5842e04be3b4f514d6dd990c54b29c76) reef (stable), process ceph-osd, pid 7',
      ' ceph version 18.2.1 (7fe91d5d5842e04be3b4f514d6dd990c54b29c76) reef (stable)',
      'osd.3 812 boot',
      NOTE,
    ].join('\n')
    expect(eventsOf(cephBacktraceFormat, healthy)).toEqual([])
  })

  test('Given an assert backtrace then the signal dump it causes, then both are one crash', () => {
    const text = [...ASSERT, '*** Caught signal (Aborted) **', ' in thread 7f01 thread_name:tp_osd_tp', ...HEADLESS.slice(3, 5), ' 2: gsignal()', ' 3: abort()', NOTE].join('\n')
    const formats = [cephCaughtSignalFormat, cephBacktraceFormat]
    const incidents: Incident[] = []
    const builder = new IncidentBuilder('ceph.log', (i) => incidents.push(i))
    for (const event of parseLines(formats, linesOf(text))) {
      const format = formats.find((f) => f.id === event.format)!
      const first = linesOf(text)[event.firstLine - 1]!
      builder.add({events: [event], first, node: null, stage: format.stage, context: [], lines: [first]})
    }
    builder.end()
    expect(incidents).toHaveLength(1)
    expect(incidents[0]!.events.map((e) => e.format)).toEqual(['ceph-backtrace', 'ceph-caught-signal'])
  })
})
