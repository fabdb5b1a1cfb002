import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {diagnoseLog, loadRules} from '../../../analyzer/index.js'
import {seastarSignalFormat} from '../../../analyzer/formats/seastar-signal.js'
import {eventsOf, expectPatternTable, functionsOf, onlyEvent} from './postmortem-test-helpers.js'

const SEGFAULT = [
  'INFO  2026-11-21 10:00:00,123 [shard 3] compaction - Compacting [/var/lib/scylla/data/ks/t-1/me-1-big-Data.db]',
  'Segmentation fault on shard 3.',
  'Backtrace:',
  '  0x3f1c1a2',
  '  0x3f1c3b5',
  '  /opt/scylladb/libreloc/libc.so.6+0x3db6f',
  '  0x1d5c0a1',
].join('\n')

describe('seastar-signal', () => {
  test('its pattern table proves itself', () => expectPatternTable(seastarSignalFormat))

  test('a segfault report: shard, signal and address-only frames', () => {
    const e = onlyEvent(seastarSignalFormat, SEGFAULT)
    expect(e).toMatchObject({format: 'seastar-signal', runtime: 'cpp', kinds: ['sigsegv'], signal: 'SIGSEGV', message: 'Segmentation fault on shard 3', firstLine: 2, lastLine: 7, facts: {shard: 3}})
    expect(e.frames.map((f) => f.address)).toEqual(['0x3f1c1a2', '0x3f1c3b5', '0x3db6f', '0x1d5c0a1'])
    expect(e.frames[2]!.module).toBe('/opt/scylladb/libreloc/libc.so.6')
  })

  test.each([
    ['Aborting on shard 0.', 'abort', 'SIGABRT'],
    ['Floating point exception on shard 5.', 'sigfpe', 'SIGFPE'],
    ['Illegal instruction on shard 2.', 'sigill', 'SIGILL'],
    ['Bus error on shard 7.', 'sigbus', 'SIGBUS'],
  ])('%s is a %s', (header, kind, signal) => {
    expect(onlyEvent(seastarSignalFormat, `${header}\nBacktrace:\n  0x412345\n`)).toMatchObject({kinds: [kind], signal, lastLine: 3})
  })

  test('the scheduling group the reactor names is kept', () => {
    const e = onlyEvent(seastarSignalFormat, 'Segmentation fault on shard 1, in scheduling group sl:default.\nBacktrace:\n  0x5e82e18\n')
    expect(e.facts).toEqual({shard: 1, schedulingGroup: 'sl:default'})
  })

  test('through journald, with the node from the syslog prefix', () => {
    const text = SEGFAULT.split('\n').slice(1).map((l) => `Nov 21 10:00:01 db-node-4 scylla[7300]: ${l}`).join('\n')
    const e = onlyEvent(seastarSignalFormat, text)
    expect(e.frames).toHaveLength(4)
    expect(e.evidence[0]!.line.node).toBe('db-node-4')
  })

  test("a decoded copy (seastar-addr2line) replaces the addresses, inlined frames included", () => {
    const text = [
      ...SEGFAULT.split('\n').slice(1),
      'decoded:',
      'void seastar::backtrace<seastar::backtrace_buffer::append_backtrace()::{lambda(seastar::frame)#1}>(seastar::backtrace_buffer::append_backtrace()::{lambda(seastar::frame)#1}&&) at ./build/release/seastar/./seastar/include/seastar/util/backtrace.hh:68',
      ' (inlined by) seastar::print_with_backtrace(seastar::backtrace_buffer&, bool) at ./build/release/seastar/./seastar/src/core/reactor.cc:855',
      '?? ??:0',
      'sstables::index_reader::advance_to(dht::ring_position_view) at ./sstables/index_reader.hh:611',
      'compaction::compaction_task::run() at ./compaction/compaction.cc:402 (discriminator 2)',
      '  0x3f1c1a2',
      'seastar::reactor::run() at ./build/release/seastar/./seastar/src/core/reactor.cc:3219',
    ].join('\n')
    const e = onlyEvent(seastarSignalFormat, text)
    expect(functionsOf(e).slice(1)).toEqual(['seastar::print_with_backtrace(seastar::backtrace_buffer&, bool)', '??', 'sstables::index_reader::advance_to(dht::ring_position_view)', 'compaction::compaction_task::run()'])
    expect(e.frames[3]).toMatchObject({file: './sstables/index_reader.hh', line: 611})
    expect(e.lastLine).toBe(14)
  })

  test('two reports are two deaths', () => {
    const events = eventsOf(seastarSignalFormat, `${SEGFAULT}\nAborting on shard 0.\nBacktrace:\n  0x412345\n`)
    expect(events.map((e) => [e.kinds[0], e.frames.length])).toEqual([['sigsegv', 4], ['abort', 1]])
  })
})

describe('seastar-signal stays silent on healthy logs', () => {
  test('shard log lines, stall reports with backtraces, prose', () => {
    const text = [
      'INFO  2026-11-21 10:00:00,123 [shard 0] storage_service - Segmentation fault on shard 3 was fixed by upgrading',
      'WARN  2026-11-21 10:00:00,456 [shard 1] seastar - Exceptional future ignored: seastar::gate_closed_exception (gate closed), backtrace: 0x3f1c1a2 0x3f1c3b5',
      'Reactor stalled for 265 ms on shard 1.',
      'Backtrace:',
      '  0x00000000004cc7ca',
      'INFO  2026-11-21 10:00:01,000 [shard 2] compaction - Aborting on shard 2 is not expected here',
      'Segmentation fault on shard three.',
    ].join('\n')
    expect(eventsOf(seastarSignalFormat, text)).toEqual([])
  })
})

describe('seastar-signal with the other formats', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-seastar-'))
  const rules = loadRules()

  test("an assertion, Seastar's abort report and the shell's line are one crash", async () => {
    const file = path.join(dir, 'assert-abort.log')
    const log = [
      'INFO  2026-03-02 10:11:12,993 [shard 0] storage_service - Stopping',
      "kvstore: core/reactor.cc:1896: void reactor::at_exit(std::function<future<>()>): Assertion `!_stopping' failed.",
      'Aborting on shard 0.',
      'Backtrace:',
      '  0x00000000004cc7ca',
      '  /opt/kvstore/libexec/kvstore+0x3c4a2a1',
      'Aborted (core dumped)',
    ]
    writeFileSync(file, log.join('\n') + '\n')
    const {crashes} = (await diagnoseLog([file], {rules})).report
    expect(crashes.map((c) => ({kinds: c.kinds, formats: c.formats, message: c.message}))).toEqual([
      {kinds: ['abort'], formats: ['assert-failure', 'seastar-signal', 'shell-exit'], message: "Assertion `!_stopping' failed"},
    ])
    expect(crashes[0]!.frames.map((f) => f.address)).toEqual(['0x00000000004cc7ca', '0x3c4a2a1'])
  })

  test('a segfault amid a Scylla log is one crash', async () => {
    const file = path.join(dir, 'segfault.log')
    writeFileSync(file, SEGFAULT + '\n')
    const {crashes} = (await diagnoseLog([file], {rules})).report
    expect(crashes.map((c) => [c.kind, c.formats, c.lines])).toEqual([['sigsegv', ['seastar-signal'], {start: 2, end: 7}]])
  })
})
