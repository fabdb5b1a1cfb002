import {describe, expect, test} from 'vitest'
import {clickhouseSignalFormat} from '../../../analyzer/formats/clickhouse-signal.js'
import {eventsOf, expectPatternTable, functionsOf, onlyEvent} from './postmortem-test-helpers.js'

const OLD = `2019.03.11 08:01:02.000100 [ 41 ] <Error> BaseDaemon: ########################################
2019.03.11 08:01:02.000200 [ 41 ] <Error> BaseDaemon: (from thread 77) Received signal Segmentation fault (11).
2019.03.11 08:01:02.000300 [ 41 ] <Error> BaseDaemon: Address: NULL pointer.
2019.03.11 08:01:02.000310 [ 41 ] <Error> BaseDaemon: Access: read.
2019.03.11 08:01:02.000400 [ 41 ] <Error> BaseDaemon: 0. /usr/bin/clickhouse-server(DB::ColumnString::insertFrom(DB::IColumn const&, unsigned long)+0x1b) [0x4f1e2db]
2019.03.11 08:01:02.000410 [ 41 ] <Error> BaseDaemon: 1. /usr/bin/clickhouse-server(DB::MergeTreeReader::readRows(unsigned long)+0x4d) [0x4f2e5ad]
2019.03.11 08:01:02.000420 [ 41 ] <Error> BaseDaemon: 2. /lib/x86_64-linux-gnu/libpthread.so.0(+0x76ba) [0x7f74f9b506ba]
`

const NEW = `2023.06.01 12:00:00.000001 [ 900 ] {} <Fatal> BaseDaemon: ########################################
2023.06.01 12:00:00.000002 [ 900 ] {} <Fatal> BaseDaemon: (version 23.3.2.37 (official build), build id: 8D1C5E) (from thread 812) (query_id: 5a6b-77) (query: SELECT count() FROM t) Received signal Aborted (6)
2023.06.01 12:00:00.000003 [ 900 ] {} <Fatal> BaseDaemon: Stack trace: 0x7f1 0x7f2
2023.06.01 12:00:00.000004 [ 900 ] {} <Fatal> BaseDaemon: 2. raise @ 0x7f1 in ?
2023.06.01 12:00:00.000005 [ 900 ] {} <Fatal> BaseDaemon: 4. ./build/./src/Common/Exception.cpp:41: DB::abortOnFailedAssertion(String const&) @ 0x000000000d2e5f35 in /usr/bin/clickhouse
`

describe('clickhouse-signal', () => {
  test('its pattern table proves itself', () => expectPatternTable(clickhouseSignalFormat))

  test('a BaseDaemon dump: signal, NULL pointer, frames', () => {
    const e = onlyEvent(clickhouseSignalFormat, OLD)
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', faultAddress: '0x0', firstLine: 1, lastLine: 7})
    expect(e.message).toBe('Received signal Segmentation fault (11)')
    expect(functionsOf(e)).toEqual(['DB::ColumnString::insertFrom(DB::IColumn const&, unsigned long)', 'DB::MergeTreeReader::readRows(unsigned long)', '??'])
    expect(e.facts.thread).toBe(77)
  })

  test('two dumps minutes apart are two events; the second may be cut', () => {
    const second = OLD.replaceAll('08:01:02', '08:07:40').replace('thread 77', 'thread 78').split('\n').slice(0, 3).join('\n')
    const events = eventsOf(clickhouseSignalFormat, `${OLD}\n${second}`)
    expect(events.map((e) => [e.facts.thread, e.frames.length])).toEqual([[77, 3], [78, 0]])
  })

  test('newer `function @ 0x.. in binary` frames and an abort', () => {
    const e = onlyEvent(clickhouseSignalFormat, NEW)
    expect(e.kinds).toEqual(['abort'])
    expect(e.frames[1]).toMatchObject({function: 'DB::abortOnFailedAssertion(String const&)', file: './build/./src/Common/Exception.cpp', line: 41, module: '/usr/bin/clickhouse'})
  })

  test('a banner of hashes without a signal line is nothing', () => {
    const healthy = '########################################\nWelcome to the ClickHouse client\n########################################\n<Information> Application: Received signal handlers set\n'
    expect(eventsOf(clickhouseSignalFormat, healthy)).toEqual([])
  })
})

describe('clickhouse-signal, signal line lost', () => {
  const withoutSignal = (detail: string) => OLD.split('\n').filter((l) => !l.includes('Received signal')).join('\n').replace('Address: NULL pointer.', detail)

  test('the fault description after the banner names a SIGSEGV', () => {
    const e = onlyEvent(clickhouseSignalFormat, withoutSignal('Address: NULL pointer.'))
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', faultAddress: '0x0', firstLine: 1})
    expect(e.facts.signalFromDescription).toBe(true)
    expect(functionsOf(e)).toHaveLength(3)
  })

  test('a misaligned access names a SIGBUS', () => {
    const e = onlyEvent(clickhouseSignalFormat, withoutSignal('Invalid address alignment.').replace(/.*Access: read\.\n/, ''))
    expect(e).toMatchObject({kinds: ['sigbus'], signal: 'SIGBUS'})
  })

  test('a banner followed by frames alone is still nothing', () => {
    const text = OLD.split('\n').filter((l) => !/Received signal|Address:|Access:/.test(l)).join('\n')
    expect(eventsOf(clickhouseSignalFormat, text)).toEqual([])
  })
})
