import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {asanFormat} from '../../../analyzer/formats/asan.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const parse = (text: string) => parseLines([asanFormat], linesOf(text))

const useAfterFree = [
  'I0302 10:11:12.100000  9001 replica.cc:88] apply mutation 12.4.1870',
  '=================================================================',
  '==9001==ERROR: AddressSanitizer: heap-use-after-free on address 0x60b0000000f0 at pc 0x55d0e4c0e1a2 bp 0x7f2a1c5fe9d0 sp 0x7f2a1c5fe9c8',
  'READ of size 8 at 0x60b0000000f0 thread T7 (replica.apply)',
  '    #0 0x55d0e4c0e1a1 in kv::write_batch::count() const /src/kv/write_batch.h:41:12',
  '    #1 0x55d0e4c0f2b3 in kv::replica::apply_mutation(kv::mutation*) /src/kv/replica.cc:90:20',
  '    #2 0x7f2a20a94ac2 in start_thread nptl/pthread_create.c:442:8',
  '',
  '0x60b0000000f0 is located 0 bytes inside of 100-byte region [0x60b0000000f0,0x60b000000154)',
  'freed by thread T3 (replica.close) here:',
  '    #0 0x55d0e4b9a7d2 in operator delete(void*) (/usr/bin/kvserver+0x1a67d2) (BuildId: 0f1e2d3c4b5a69788796a5b4c3d2e1f0)',
  '    #1 0x55d0e4c1a3c4 in kv::replica::close() /src/kv/replica.cc:140:5',
  '',
  'previously allocated by thread T0 here:',
  '    #0 0x55d0e4b99f12 in operator new(unsigned long) (/usr/bin/kvserver+0x1a5f12)',
  '    #1 0x55d0e4c19a01 in kv::replica::open() /src/kv/replica.cc:61:18',
  '',
  'Thread T7 (replica.apply) created by T0 here:',
  '    #0 0x55d0e4b3c1d5 in pthread_create (/usr/bin/kvserver+0x1481d5)',
  '',
  'SUMMARY: AddressSanitizer: heap-use-after-free /src/kv/write_batch.h:41:12 in kv::write_batch::count() const',
  'Shadow bytes around the buggy address:',
  '  0x0c167fff7fc0: fa fa fa fa fa fa fa fa fa fa fa fa fa fa fa fa',
  '=>0x0c167fff8010: fa fa fa fa fa fa fa fa fa fa fa fa fa fa[fd]fd',
  'Shadow byte legend (one shadow byte represents 8 application bytes):',
  '  Addressable:           00',
  '  Freed heap region:       fd',
  '==9001==ABORTING',
  'I0302 10:11:13.000000  9100 main.cc:12] kvserver restarting',
].join('\n')

describe('asan pattern table', () => {
  test('every example matches its pattern', () => {
    for (const [name, entry] of Object.entries(asanFormat.patterns)) {
      for (const example of entry.examples) expect(entry.re.test(example), `${name}: ${example}`).toBe(true)
    }
  })
})

describe('asan memory errors', () => {
  test('use-after-free is an abort with the report type in facts', () => {
    const [event, ...rest] = parse(useAfterFree)
    expect(rest).toHaveLength(0)
    expect(event).toMatchObject({format: 'asan', kinds: ['abort'], signal: null, pid: 9001, faultAddress: '0x60b0000000f0', firstLine: 3, lastLine: 28})
    expect(event!.message).toBe('AddressSanitizer: heap-use-after-free on address 0x60b0000000f0')
    expect(event!.facts).toMatchObject({asanError: 'heap-use-after-free', access: 'READ', accessSize: 8, thread: 'T7', aborting: true})
  })

  test('frames are the faulting stack only; who freed and allocated go to facts', () => {
    const event = parse(useAfterFree)[0]!
    expect(event.frames.map((f) => f.function)).toEqual(['kv::write_batch::count() const', 'kv::replica::apply_mutation(kv::mutation*)', 'start_thread'])
    expect(event.frames[1]).toMatchObject({file: '/src/kv/replica.cc', line: 90, address: '0x55d0e4c0f2b3'})
    expect(event.facts.freedBy).toBe('operator delete(void*) < kv::replica::close()')
    expect(event.facts.allocatedBy).toBe('operator new(unsigned long) < kv::replica::open()')
  })

  test('lines of other threads inside the report are skipped', () => {
    const lines = useAfterFree.split('\n')
    lines.splice(6, 0, 'I0302 10:11:12.100100  9002 meta.cc:31] heartbeat ok')
    const event = parse(lines.join('\n'))[0]!
    expect(event.frames).toHaveLength(3)
    expect(event.lastLine).toBe(29)
  })

  test('a report cut after two frames still yields an event', () => {
    const cut = useAfterFree.split('\n').slice(0, 6).join('\n')
    const [event] = parse(cut)
    expect(event).toMatchObject({kinds: ['abort'], lastLine: 6})
    expect(event!.frames).toHaveLength(2)
  })
})

describe('asan deadly signals', () => {
  const segv = [
    'AddressSanitizer:DEADLYSIGNAL',
    '=================================================================',
    '==4242==ERROR: AddressSanitizer: SEGV on unknown address 0x000000000050 (pc 0x5612a0b1c2d3 bp 0x7ffc10203040 sp 0x7ffc10203000 T0)',
    '==4242==The signal is caused by a WRITE memory access.',
    '==4242==Hint: address points to the zero page.',
    '    #0 0x5612a0b1c2d3 in kv::log_file::append(kv::slice const&) /src/kv/log_file.cc:57:14',
    '    #1 0x7f0011223344 in __libc_start_main (/lib/x86_64-linux-gnu/libc.so.6+0x29d90)',
    '    #2 0x5612a0a00123  (/usr/bin/kvserver+0x100123)',
    '',
    'AddressSanitizer can not provide additional info.',
    'SUMMARY: AddressSanitizer: SEGV /src/kv/log_file.cc:57:14 in kv::log_file::append(kv::slice const&)',
    '==4242==ABORTING',
  ].join('\n')

  test('SEGV is sigsegv with the fault address, starting at DEADLYSIGNAL', () => {
    const [event] = parse(segv)
    expect(event).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', faultAddress: '0x50', firstLine: 1, lastLine: 12, pid: 4242})
    expect(event!.facts).toMatchObject({asanError: 'SEGV', access: 'WRITE', hint: 'address points to the zero page'})
  })

  test('frames keep modules of unsymbolised and library frames', () => {
    const frames = parse(segv)[0]!.frames
    expect(frames[1]).toMatchObject({function: '__libc_start_main', module: '/lib/x86_64-linux-gnu/libc.so.6'})
    expect(frames[2]).toMatchObject({function: '??', module: '/usr/bin/kvserver', address: '0x5612a0a00123'})
  })

  test('FPE and stack overflow map to their kinds', () => {
    const fpe = parse('==7==ERROR: AddressSanitizer: FPE on unknown address 0x55f1e3a2b4c1 (pc 0x55f1e3a2b4c1 bp 0x7ffe2 sp 0x7ffe1 T0)')[0]
    expect(fpe).toMatchObject({kinds: ['sigfpe'], signal: 'SIGFPE'})
    const so = parse('==7==ERROR: AddressSanitizer: stack-overflow on address 0x7ffd4c3f9ff8 (pc 0x5581e0c4b2a1 bp 0x7ffd4c3fa010 sp 0x7ffd4c3fa000 T0)')[0]
    expect(so).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', facts: {asanError: 'stack-overflow'}})
  })

  test('a DEADLYSIGNAL line alone is not an event', () => {
    expect(parse('AddressSanitizer:DEADLYSIGNAL\nI0302 10:11:12.1 1 a.cc:1] next')).toEqual([])
  })
})

describe('asan allocator reports', () => {
  const report = (headline: string) => parse(`==31==ERROR: AddressSanitizer: ${headline}\n    #0 0x4f2 in free /src/asan_malloc_linux.cpp:52:3\n==31==ABORTING`)[0]!

  test('double free, bad free and mismatched delete are invalid frees', () => {
    expect(report('attempting double-free on 0x602000000010 in thread T0:')).toMatchObject({kinds: ['invalid-free', 'abort'], faultAddress: '0x602000000010', facts: {asanError: 'double-free'}})
    expect(report('attempting free on address which was not malloc()-ed: 0x7ffc8a5e0a40 in thread T0').facts.asanError).toBe('bad-free')
    expect(report('alloc-dealloc-mismatch (operator new [] vs operator delete) on 0x602000000010').kinds).toEqual(['invalid-free', 'abort'])
  })

  test('an absurd allocation size is large-alloc; an exhausted heap is oom', () => {
    const big = report('requested allocation size 0xffffffffd4a51000 (0xffffffffd4a52000 after adjustments for alignment, red zones etc.) exceeds maximum supported size of 0x10000000000 (thread T0)')
    expect(big).toMatchObject({kinds: ['large-alloc', 'abort'], facts: {asanError: 'allocation-size-too-big'}})
    const oom = report('out of memory: allocator is trying to allocate 0x500000010 bytes')
    expect(oom).toMatchObject({kinds: ['oom', 'abort'], facts: {allocBytes: 0x500000010}, message: 'AddressSanitizer: out of memory: allocator is trying to allocate 0x500000010 bytes'})
  })

  test('two reports of a recovering process are two events', () => {
    const text = ['==9==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000014 at pc 0x4f5e2b bp 0x7ffc sp 0x7ffc', '    #0 0x4f5e2a in a() /a.cc:1', '==9==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000034 at pc 0x4f5e2b bp 0x7ffc sp 0x7ffc', '    #0 0x4f5e2a in b() /b.cc:2'].join('\n')
    expect(parse(text).map((e) => [e.firstLine, e.frames[0]?.function])).toEqual([[1, 'a()'], [3, 'b()']])
  })
})

describe('asan stays silent on healthy logs', () => {
  test('leak reports, allocator warnings and mentions of the tool', () => {
    const text = [
      'I0302 10:11:12.000000 1 main.cc:10] kvserver 2.5.1-asan built with AddressSanitizer',
      '==31==WARNING: AddressSanitizer failed to allocate 0x100000000 bytes',
      '',
      '=================================================================',
      '==31==ERROR: LeakSanitizer: detected memory leaks',
      '',
      'Direct leak of 40 byte(s) in 1 object(s) allocated from:',
      '    #0 0x4f2 in operator new(unsigned long) /src/asan_new_delete.cpp:95:3',
      '    #1 0x51a in kv::open_table() /src/kv/table.cc:20:9',
      '',
      'SUMMARY: AddressSanitizer: 40 byte(s) leaked in 1 allocation(s).',
    ].join('\n')
    expect(parse(text)).toEqual([])
  })
})

describe('asan, ERROR line lost', () => {
  const report = (summary: string) =>
    [
      'AddressSanitizer:DEADLYSIGNAL',
      '=================================================================',
      '==7001==The signal is caused by a WRITE memory access.',
      '    #0 0x55d0e4c0e1a1 in kv::wal::append(kv::entry const*) /src/kv/wal.cc:77:9',
      '    #1 0x55d0e4c0f2b3 in kv::replica::commit() /src/kv/replica.cc:120:3',
      '',
      summary,
      '==7001==ABORTING',
    ].join('\n')

  test('the SUMMARY line names the error: a SEGV is a sigsegv', () => {
    const [e] = parse(report('SUMMARY: AddressSanitizer: SEGV /src/kv/wal.cc:77 in kv::wal::append(kv::entry const*)'))
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', message: 'AddressSanitizer: SEGV'})
    expect(e?.facts.kindFromSummary).toBe(true)
  })

  test('a summarised double free is an invalid free', () => {
    const [e] = parse(report('SUMMARY: AddressSanitizer: double-free (/usr/bin/kvserver+0x1a67d2) in operator delete(void*)'))
    expect(e?.kinds).toEqual(['invalid-free', 'abort'])
  })

  test('without a SUMMARY the report stays an abort', () => {
    const [e] = parse(report(''))
    expect(e?.kinds).toEqual(['abort'])
  })
})
