import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {GLOG_FATAL_PATTERNS, glogFatalFormat} from '../../../analyzer/formats/glog-fatal.js'
import {glogFailureSignalFormat} from '../../../analyzer/formats/glog-failure-signal.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const parse = (text: string) => parseLines([glogFatalFormat], linesOf(text))

const CHECK_FAILURE = `I0602 03:11:07.120044  4242 tablet.cc:310] tablet 7 opening, 12 rowsets
F0602 03:11:07.130512  4242 tablet.cc:318] Check failed: rowset->version() == expected (41 vs. 40) rowset order broken
*** Check failure stack trace: ***
    @     0x7f3a11c0b1ed  google::LogMessage::Fail()
    @     0x7f3a11c0ed05  google::LogMessage::SendToLog()
    @     0x7f3a11c0ad0c  google::LogMessage::Flush()
    @     0x7f3a11c0c2e9  google::LogMessageFatal::~LogMessageFatal()
    @     0x55f0c11219e8  kv::tablet::open_rowsets()
    @     0x55f0c112129b  kv::tablet_manager::open()
    @     0x55f0c111acfe  main`

describe('glog-fatal patterns', () => {
  test.each(Object.entries(GLOG_FATAL_PATTERNS))('%s matches its examples', (_name, entry) => {
    for (const example of entry.examples) expect(entry.re.test(example), example).toBe(true)
  })
})

describe('glog fatal line and check failure stack', () => {
  test('F line + stack: abort, message, origin, frames, line range', () => {
    const [event, ...rest] = parse(CHECK_FAILURE)
    expect(rest).toEqual([])
    expect(event).toMatchObject({
      format: 'glog-fatal',
      kinds: ['abort'],
      terminal: true,
      firstLine: 2,
      lastLine: 10,
      message: 'Check failed: rowset->version() == expected (41 vs. 40) rowset order broken',
    })
    expect(event?.facts.origin).toBe('tablet.cc:318')
    expect(event?.frames.map((f) => f.function).slice(3, 5)).toEqual([
      'google::LogMessageFatal::~LogMessageFatal()',
      'kv::tablet::open_rowsets()',
    ])
    expect(event?.evidence.map((e) => e.why)).toHaveLength(2)
  })

  test('an F line alone (log file without the stderr stack) is an abort', () => {
    const text = `I0602 03:11:07.120044  4242 tablet.cc:310] opening
F20240602 03:11:07.130512  4242 wal.cc:77] cannot recover WAL segment 88: Corruption: bad record length
I0602 03:11:07.130600  4250 heartbeat.cc:40] send beacon`
    const [event] = parse(text)
    expect(event).toMatchObject({kinds: ['abort'], firstLine: 2, lastLine: 2, frames: []})
    expect(event?.message).toBe('cannot recover WAL segment 88: Corruption: bad record length')
  })

  test('other threads log between the F line and the stack', () => {
    const lines = CHECK_FAILURE.split('\n')
    lines.splice(2, 0, 'I0602 03:11:07.130600  4250 heartbeat.cc:40] send beacon', 'W0602 03:11:07.130601  4251 disk.cc:9] slow')
    const [event] = parse(lines.join('\n'))
    expect(event?.frames).toHaveLength(7)
    expect(event?.lastLine).toBe(12)
  })

  test('a stack without its F line (pasted excerpt), cut mid-frame', () => {
    const text = `*** Check failure stack trace: ***
    @     0x7f3a11c0b1ed  google::LogMessage::Fail()
    @     0x55f0c11219e8  kv::tablet::open_rowsets()
    @     0x55f0`
    const [event] = parse(text)
    expect(event).toMatchObject({kinds: ['abort'], message: "CHECK failed (the failed check's own line is not in the log)", firstLine: 1})
    expect(event?.frames.map((f) => f.function)).toContain('kv::tablet::open_rowsets()')
  })

  test('the failure signal dump that follows is left to glog-failure-signal', () => {
    const text = `${CHECK_FAILURE}
*** Aborted at 1717297867 (unix time) try "date -d @1717297867" if you are using GNU date ***
*** SIGABRT (@0x1092) received by PID 4242 (TID 0x7f11a7fff700) from PID 4242; stack trace: ***
    @     0x7f11a9e4e438 raise`
    const events = parseLines([glogFatalFormat, glogFailureSignalFormat], linesOf(text))
    expect(events.map((e) => [e.format, e.firstLine, e.lastLine])).toEqual([
      ['glog-fatal', 2, 10],
      ['glog-failure-signal', 11, 13],
    ])
  })

  test('healthy logs: E lines, Go glog F lines and prose about checks give nothing', () => {
    const text = `E0602 03:11:07.120044  4242 tablet.cc:310] Check failed: disk /data2 not ready, retrying
W0602 03:11:07.120045  4242 health.cc:31] health Check failed: 1 of 3 probes
F0602 03:11:07.120046  4242 main.go:31] flag --config is required
I0602 03:11:07.120047  4242 x.cc:1] rebuilt F0602 index, F1234 ok
    @     0x7f3a11c0b1ed  google::LogMessage::Fail()`
    expect(parse(text)).toEqual([])
  })

  test('a bare "Check failed:" line with no stack is not enough', () => {
    expect(parse('Check failed: cluster health probe\nnext line')).toEqual([])
  })
})
