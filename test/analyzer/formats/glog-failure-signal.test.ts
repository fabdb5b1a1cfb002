import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {GLOG_FAILURE_SIGNAL_PATTERNS, glogFailureSignalFormat} from '../../../analyzer/formats/glog-failure-signal.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const parse = (text: string) => parseLines([glogFailureSignalFormat], linesOf(text))

const SEGV_DUMP = `I0602 03:11:07.120044  4242 replica_2pc.cc:88] [3.7@10.0.0.5:34801] commit decree 88120
*** Aborted at 1717297867 (unix time) try "date -d @1717297867" if you are using GNU date ***
PC: @     0x55d0a1b2c3d4 kv::meta_store::apply()
*** SIGSEGV (@0x0) received by PID 4242 (TID 0x7f11a7fff700) from PID 0; stack trace: ***
    @     0x7f11aa3f1980 (unknown)
    @     0x55d0a1b2c3d4 kv::meta_store::apply()
    @     0x55d0a1b2a001 kv::raft::on_commit()
    @     0x55d0a1b29f10 kv::worker::loop()
    @     0x7f11aa3e66db start_thread
    @     0x7f11a9f1f71f clone
I0602 03:11:09.000001  5000 main.cc:12] supervisor: child exited`

describe('glog-failure-signal patterns', () => {
  test.each(Object.entries(GLOG_FAILURE_SIGNAL_PATTERNS))('%s matches its examples', (_name, entry) => {
    for (const example of entry.examples) expect(entry.re.test(example), example).toBe(true)
  })
})

describe('glog failure signal dump', () => {
  test('a SIGSEGV dump gives kind, signal, fault address, pid, frames and line range', () => {
    const [event, ...rest] = parse(SEGV_DUMP)
    expect(rest).toEqual([])
    expect(event).toMatchObject({
      format: 'glog-failure-signal',
      runtime: 'cpp',
      kinds: ['sigsegv'],
      signal: 'SIGSEGV',
      faultAddress: '0x0',
      pid: 4242,
      terminal: true,
      firstLine: 2,
      lastLine: 10,
      message: 'SIGSEGV (@0x0)',
    })
    expect(event?.frames.map((f) => f.function).slice(0, 3)).toEqual([
      '(unknown)',
      'kv::meta_store::apply()',
      'kv::raft::on_commit()',
    ])
    expect(event?.frames[1]?.address).toBe('0x55d0a1b2c3d4')
    expect(event?.facts).toMatchObject({unixTime: 1717297867, pc: '0x55d0a1b2c3d4', tid: '0x7f11a7fff700'})
    expect(event?.evidence.map((e) => e.line.lineNo)).toEqual([2, 4])
  })

  test('SIGABRT: kind abort, si_addr is not a fault address', () => {
    const text = SEGV_DUMP.replace('SIGSEGV (@0x0)', 'SIGABRT (@0x3e800001092)').replace('from PID 0', 'from PID 4242')
    const [event] = parse(text)
    expect(event?.kinds).toEqual(['abort'])
    expect(event?.signal).toBe('SIGABRT')
    expect(event?.faultAddress).toBeNull()
    expect(event?.facts.siAddr).toBe('0x3e800001092')
  })

  test('other threads log between the frames (interleaved INFO lines)', () => {
    const lines = SEGV_DUMP.split('\n')
    lines.splice(6, 0, 'I0602 03:11:07.120101  4250 heartbeat.cc:40] send beacon to meta 10.0.0.1:34601')
    lines.splice(8, 0, 'W0602 03:11:07.120102  4251 disk.cc:77] slow fsync 230 ms')
    const [event] = parse(lines.join('\n'))
    expect(event?.frames).toHaveLength(6)
    expect(event?.lastLine).toBe(12)
  })

  test('a dump cut off after the header still gives an event', () => {
    const text = SEGV_DUMP.split('\n').slice(0, 4).join('\n') + '\n    @     0x7f11'
    const [event] = parse(text)
    expect(event?.kinds).toEqual(['sigsegv'])
    expect(event?.pid).toBe(4242)
  })

  test('truncated header and no frames: PC gives the only frame', () => {
    const text = `*** Aborted at 1717297867 (unix time) try "date -d @1717297867" if you are using GNU date ***
PC: @     0x7f11a9e4e438 __GI_raise
*** SIGABRT (@0x1092) received by PID 4242 (TID 0x7f11a7fff700) from PID 4242; stack trac`
    const [event] = parse(text)
    expect(event?.kinds).toEqual(['abort'])
    expect(event?.frames).toEqual([{function: '__GI_raise', address: '0x7f11a9e4e438'}])
  })

  test('fork variants: signal description, banner lines, prefixed by an aggregator', () => {
    const text = `be-3  | *** Query id: 4c2a0e7d51b0417f-9d1e8a2b3c4d5e6f ***
be-3  | *** Aborted at 1717297867 (unix time) try "date -d @1717297867" if you are using GNU date ***
be-3  | *** Current BE git commitID: 1a2b3c4 ***
be-3  | *** SIGSEGV address not mapped to object (@0x18) received by PID 777 (TID 7781 OR 0x7f00d2bff640) from PID 24; stack trace: ***
be-3  |  0# kv::signal::FailureSignalHandler(int, siginfo_t*, void*) at /src/be/common/signal_handler.h:410
be-3  |  1# 0x00007F00E1A42520 in /lib/x86_64-linux-gnu/libc.so.6
be-3  |  2# kv::segment::read_page(unsigned long) at /src/be/segment.cpp:301`
    const [event] = parse(text)
    expect(event).toMatchObject({kinds: ['sigsegv'], faultAddress: '0x18', pid: 777, firstLine: 2, lastLine: 7})
    expect(event?.message).toBe('SIGSEGV address not mapped to object (@0x18)')
    expect(event?.frames[2]).toEqual({function: 'kv::segment::read_page(unsigned long)', file: '/src/be/segment.cpp', line: 301})
  })

  test('folly header without "@" and a numbered signal', () => {
    const text = `*** Aborted at 1717297867 (Unix time, try 'date -d @1717297867') ***
*** Signal 7 (SIGBUS) (0x7f3c00001000) received by PID 31 (pthread TID 0x7f3c2a1ff700) (linux TID 40) (code: nonexistent physical address), stack trace: ***
    @ 00000000009ffe0e folly::symbolizer::signalHandler(int, siginfo_t*, void*)
    @ 0000000000a1b2c3 kv::mmap_file::read()`
    const [event] = parse(text)
    expect(event).toMatchObject({kinds: ['sigbus'], signal: 'SIGBUS', faultAddress: '0x7f3c00001000', pid: 31})
    expect(event?.frames[1]?.function).toBe('kv::mmap_file::read()')
  })

  test('two dumps in a row are two events', () => {
    const events = parse(`${SEGV_DUMP}\n${SEGV_DUMP.replace(/4242/g, '4300')}`)
    expect(events.map((e) => e.pid)).toEqual([4242, 4300])
  })

  test('a SIGTERM dump is a kill, not a crash', () => {
    expect(parse(SEGV_DUMP.replace('SIGSEGV (@0x0)', 'SIGTERM (@0x3e8)'))).toEqual([])
  })

  test('healthy log lines mentioning signals and aborts give nothing', () => {
    const text = `I0602 03:11:07.120044  4242 server.cc:12] install failure signal handler for SIGSEGV, SIGABRT
I0602 03:11:07.120045  4242 compaction.cc:40] compaction aborted at level 3, will retry
W0602 03:11:07.120046  4242 rpc.cc:99] request aborted by peer, received by PID 4242 from client
    @ this line is not a frame`
    expect(parse(text)).toEqual([])
  })
})

describe('glog-failure-signal, signal named before the dump', () => {
  const cut = [
    'I0809 20:43:25.797174  3937 backend_service.cpp:360] get_batch stream_load_record successfully',
    'Signal: SIGSEGV (Segmentation fault)',
    '*** Query id: 26fa104d6ef347bb-be4c1c65af1e8018 ***',
    '*** Aborted at 1691585017 (unix time) try "date -d @1691585017" if you are using GNU date ***',
    '*** Current BE git commitID: d5d82b7 ***',
  ]

  test('Given a dump cut before its signal line, then the signal stated before it is the kind', () => {
    const [e] = parse(cut.join('\n'))
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', firstLine: 2, lastLine: 5})
    expect(e?.facts.signalStatedBefore).toBe(true)
  })

  test('the dump\'s own signal line wins over the stated one', () => {
    const text = [...cut, '*** SIGBUS (@0x7f00) received by PID 9 (TID 0x7f01) from PID 0; stack trace: ***'].join('\n')
    const [e] = parse(text)
    expect(e?.kinds).toEqual(['sigbus'])
    expect(e?.facts.signalStatedBefore).toBeUndefined()
  })

  test('a stated signal with no dump after it is nothing', () => {
    const text = ['Signal: SIGSEGV (Segmentation fault)', 'I0809 20:43:26.000001  3937 a.cpp:1] x', 'I0809 20:43:26.000002  3937 a.cpp:1] y', 'I0809 20:43:26.000003  3937 a.cpp:1] z', 'I0809 20:43:26.000004  3937 a.cpp:1] w', '*** Aborted at 1691585017 (unix time) try "date -d @1691585017" if you are using GNU date ***'].join('\n')
    const events = parse(text)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({kinds: ['abort'], firstLine: 6})
  })
})
