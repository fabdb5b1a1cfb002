import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {assertFailureFormat} from '../../../analyzer/formats/assert-failure.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const parse = (text: string) => parseLines([assertFailureFormat], linesOf(text))

describe('assert-failure pattern table', () => {
  test('every example matches its pattern', () => {
    for (const [name, entry] of Object.entries(assertFailureFormat.patterns)) {
      for (const example of entry.examples) expect(entry.re.test(example), `${name}: ${example}`).toBe(true)
    }
  })
})

describe('assert-failure, libc assert()', () => {
  test('glibc assertion is an abort with its location', () => {
    const text = [
      'I0302 10:11:12.000000 77 mutation_log.cc:200] append 3 mutations',
      "kvserver: /src/kv/mutation_log.cc:212: void kv::mutation_log::append(kv::mutation*): Assertion `_pending != nullptr' failed.",
      'Aborted (core dumped)',
    ].join('\n')
    const [event, ...rest] = parse(text)
    expect(rest).toHaveLength(0)
    expect(event).toMatchObject({format: 'assert-failure', runtime: 'cpp', kinds: ['abort'], signal: 'SIGABRT', firstLine: 2, lastLine: 2})
    expect(event!.message).toBe("Assertion `_pending != nullptr' failed")
    expect(event!.facts).toEqual({program: 'kvserver', assertFile: '/src/kv/mutation_log.cc', assertLine: 212, assertFunction: 'void kv::mutation_log::append(kv::mutation*)'})
  })

  test('a C file makes the runtime c', () => {
    const [event] = parse("walcheck: wal.c:88: wal_next: Assertion `rec->len <= WAL_MAX' failed.")
    expect(event).toMatchObject({runtime: 'c', facts: {assertFunction: 'wal_next', assertLine: 88}})
  })

  test("libstdc++'s own assertions quote with '", () => {
    const text = "/usr/include/c++/13/bits/stl_vector.h:1125: std::vector<_Tp, _Alloc>::reference std::vector<_Tp, _Alloc>::operator[](size_type) [with _Tp = kv::slot; _Alloc = std::allocator<kv::slot>]: Assertion '__n < this->size()' failed."
    expect(parse(text)[0]).toMatchObject({message: "Assertion `__n < this->size()' failed", facts: {assertLine: 1125}})
  })

  test('musl and BSD wordings', () => {
    expect(parse('Assertion failed: len <= 4086 (path.c: normalize_path: 88)')[0]).toMatchObject({message: "Assertion `len <= 4086' failed", facts: {assertFunction: 'normalize_path'}})
    expect(parse('Assertion failed: (len <= 4086), function normalize_path, file path.cc, line 88.')[0]!.facts.assertLine).toBe(88)
  })
})

describe('assert-failure before a Seastar abort', () => {
  test("the assertion is one line: Seastar's `Aborting on shard` and its backtrace are seastar-signal's", () => {
    const text = [
      "kvstore: core/reactor.cc:1896: void reactor::at_exit(std::function<future<>()>): Assertion `!_stopping' failed.",
      'Aborting on shard 0.',
      'Backtrace:',
      '  0x00000000004cc7ca',
    ].join('\n')
    const [event, ...rest] = parse(text)
    expect(rest).toHaveLength(0)
    expect(event).toMatchObject({kinds: ['abort'], firstLine: 1, lastLine: 1, frames: []})
  })
})

describe('assert-failure stays silent on healthy logs', () => {
  test('stalls with backtraces, rDSN and Redis assertion wording, prose', () => {
    const text = [
      'Reactor stalled for 265 ms on shard 1.',
      'Backtrace:',
      '  0x00000000004cc7ca',
      'F2026-03-02 10:11:12.529 (1 2) replica.default0: replica.cpp:47:on_x(): assertion failed: ok',
      '22:M 02 Mar 10:11:12.792 # Failed assertion: <no assertion failed> (<no file>:0)',
      'W0302 10:11:12.000000 1 check.cc:3] Assertion failed: see docs for the retry policy',
      'I0302 10:11:12.000000 1 test.cc:9] Assertion `x` is checked elsewhere',
    ].join('\n')
    expect(parse(text)).toEqual([])
  })
})
