import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {TCMALLOC_PATTERNS, tcmallocFormat} from '../../../analyzer/formats/tcmalloc.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const parse = (text: string) => parseLines([tcmallocFormat], linesOf(text))

describe('tcmalloc patterns', () => {
  test.each(Object.entries(TCMALLOC_PATTERNS))('%s matches its examples', (_name, entry) => {
    for (const example of entry.examples) expect(entry.re.test(example), example).toBe(true)
  })
})

describe('tcmalloc invalid free', () => {
  test('after INFO lines: invalid-free + abort, terminal, pointer and origin', () => {
    const text = `I0602 03:11:07.120044  4242 checkpoint.cc:71] [3.7@10.0.0.5:34801] checkpoint 88120 done
I0602 03:11:07.120050  4242 column_family.cc:12] dropping column family default
src/tcmalloc.cc:333] Attempt to free invalid pointer 0x55d0c3a1f010
*** Aborted at 1717297867 (unix time) try "date -d @1717297867" if you are using GNU date ***`
    const [event, ...rest] = parse(text)
    expect(rest).toEqual([])
    expect(event).toMatchObject({
      format: 'tcmalloc',
      kinds: ['invalid-free', 'abort'],
      signal: 'SIGABRT',
      terminal: true,
      message: 'Attempt to free invalid pointer 0x55d0c3a1f010',
      firstLine: 3,
      lastLine: 3,
    })
    expect(event?.facts).toEqual({pointer: '0x55d0c3a1f010', origin: 'src/tcmalloc.cc:333'})
  })

  test('realloc of an invalid pointer counts too', () => {
    expect(parse('src/tcmalloc.cc:290] Attempt to realloc invalid pointer 0x7f32a1c0e000')[0]?.kinds).toEqual(['invalid-free', 'abort'])
  })
})

describe('tcmalloc large alloc', () => {
  const RUN = `I0602 03:11:07.120044  4242 compaction.cc:76] subcompaction 0: allocate output buffer
tcmalloc: large alloc 1342177280 bytes == 0x55d0f5094000 @  0x7f0a11c9d538 0x7f0a11cbbf44 0x55d0c55687be
I0602 03:11:07.120050  4242 compaction.cc:76] subcompaction 1: allocate output buffer
tcmalloc: large alloc 2560917504 bytes == 0x55d145094000 @  0x7f0a11c9d538 0x7f0a11cbbf44 0x55d0c55683be 0x55d0c5560cfe
tcmalloc: large alloc 1879048192 bytes == 0x55d1b5094000 @  0x7f0a11c9d538
I0602 03:11:07.130000  4242 compaction.cc:90] compaction finished`

  test('a run is one non-terminal event with the largest size, its stack and a count', () => {
    const [event, ...rest] = parse(RUN)
    expect(rest).toEqual([])
    expect(event).toMatchObject({
      kinds: ['large-alloc'],
      terminal: false,
      firstLine: 2,
      lastLine: 5,
      message: 'tcmalloc: large alloc 2560917504 bytes',
      facts: {allocBytes: 2560917504, largeAllocs: 3},
    })
    expect(event?.frames.map((f) => f.address)).toEqual(['0x7f0a11c9d538', '0x7f0a11cbbf44', '0x55d0c55683be', '0x55d0c5560cfe'])
  })

  test('without "== ptr" and with a failed (nil) result: large-alloc + oom', () => {
    const text = `tcmalloc: large alloc 4294967296 bytes
tcmalloc: large alloc 8589934592 bytes == (nil) @  0x7f0a11c9d538 0x7f0a11cbbf44`
    const [event] = parse(text)
    expect(event?.kinds).toEqual(['large-alloc', 'oom'])
    expect(event?.message).toBe('tcmalloc: large alloc 8589934592 bytes == (nil)')
    expect(event?.facts).toMatchObject({allocBytes: 8589934592, largeAllocs: 2, failedAllocs: 1})
  })

  test('runs far apart are separate events', () => {
    const filler = Array.from({length: 12}, (_, i) => `I0602 03:11:0${i % 10}.000000  4242 a.cc:1] tick ${i}`)
    const line = 'tcmalloc: large alloc 1342177280 bytes == 0x55d0f5094000 @  0x7f0a11c9d538'
    expect(parse([line, ...filler, line].join('\n'))).toHaveLength(2)
  })

  test('an invalid free right after a large alloc is its own event', () => {
    const text = `tcmalloc: large alloc 2560917504 bytes == 0x55d145094000 @  0x7f0a11c9d538
src/tcmalloc.cc:333] Attempt to free invalid pointer 0x55d0c3a1f010`
    expect(parse(text).map((e) => e.kinds)).toEqual([['large-alloc'], ['invalid-free', 'abort']])
  })
})

describe('tcmalloc allocation failed', () => {
  test('repeated failures interleaved with other output: one oom event', () => {
    const text = `src/central_freelist.cc:333] tcmalloc: allocation failed 16384
src/central_freelist.cc:333] tcmalloc: allocation failed 16384
terminate called after throwing an instance of 'std::bad_alloc'
src/central_freelist.cc:333] tcmalloc: allocation failed 65536
src/central_freelist.cc:333] tcmalloc: allocation failed 32768`
    const [event, ...rest] = parse(text)
    expect(rest).toEqual([])
    expect(event).toMatchObject({kinds: ['oom'], terminal: false, firstLine: 1, lastLine: 5})
    expect(event?.message).toBe('tcmalloc: allocation failed 65536')
    expect(event?.facts).toMatchObject({allocBytes: 65536, failedAllocs: 4})
  })
})

describe('healthy logs', () => {
  test('settings and prose about tcmalloc, free and alloc give nothing', () => {
    const text = `I0602 03:11:07.120044  4242 replica_stub.cc:31] tcmalloc release rate = 1.0, max_total_thread_cache_bytes = 268435456
I0602 03:11:07.120045  4242 mem.cc:12] tcmalloc: large alloc report threshold set to 1073741824
W0602 03:11:07.120046  4242 mem.cc:13] Attempt to free invalid pointer 0x1 was caught by the checker test
I0602 03:11:07.120047  4242 disk.cc:40] free space 1912.13GB, alloc units 4096`
    expect(parse(text)).toEqual([])
  })
})
