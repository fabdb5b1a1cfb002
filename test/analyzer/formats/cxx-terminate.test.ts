import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {cxxTerminateFormat} from '../../../analyzer/formats/cxx-terminate.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const parse = (text: string) => parseLines([cxxTerminateFormat], linesOf(text))

describe('cxx-terminate pattern table', () => {
  test('every example matches its pattern', () => {
    for (const [name, entry] of Object.entries(cxxTerminateFormat.patterns)) {
      for (const example of entry.examples) expect(entry.re.test(example), `${name}: ${example}`).toBe(true)
    }
  })
})

describe('cxx-terminate, uncaught exceptions', () => {
  test('std::bad_alloc is oom and abort', () => {
    const text = [
      'W0302 10:11:12.100000  812 log_reader.cc:201] block header at offset 4096 looks torn, reading anyway',
      "terminate called after throwing an instance of 'std::bad_alloc'",
      '  what():  std::bad_alloc',
      './run.sh: line 3:   812 Aborted                 (core dumped) ./kvserver',
    ].join('\n')
    const [event, ...rest] = parse(text)
    expect(rest).toHaveLength(0)
    expect(event).toMatchObject({format: 'cxx-terminate', runtime: 'cpp', kinds: ['oom', 'abort'], signal: 'SIGABRT', message: 'uncaught std::bad_alloc', firstLine: 2, lastLine: 3})
    expect(event!.evidence.map((e) => e.why)).toEqual(['uncaught exception', 'exception what()'])
  })

  test('other exceptions are an abort naming type and what()', () => {
    const text = "terminate called after throwing an instance of 'std::runtime_error'\n  what():  cannot open wal segment /data/wal/000123.log"
    expect(parse(text)[0]).toMatchObject({kinds: ['abort'], message: 'uncaught std::runtime_error: cannot open wal segment /data/wal/000123.log', facts: {exceptionType: 'std::runtime_error'}})
  })

  test('a system_error for ENOMEM is oom too', () => {
    const text = "terminate called after throwing an instance of 'std::system_error'\n  what():  Cannot allocate memory"
    expect(parse(text)[0]!.kinds).toEqual(['oom', 'abort'])
  })

  test('what() after allocator noise and recursive terminations of other threads', () => {
    const text = [
      "terminate called after throwing an instance of 'std::bad_alloc'",
      'src/central_freelist.cc:333] tcmalloc: allocation failed 65536',
      'terminate called recursively',
      'src/central_freelist.cc:333] tcmalloc: allocation failed 32768',
      'terminate called recursively',
      '  what():  std::bad_alloc',
    ].join('\n')
    const events = parse(text)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({kinds: ['oom', 'abort'], lastLine: 6, facts: {recursiveTerminations: 2, what: 'std::bad_alloc'}})
  })

  test('a header cut before what() still names the exception', () => {
    expect(parse("terminate called after throwing an instance of 'std::length_error'")[0]).toMatchObject({message: 'uncaught std::length_error', kinds: ['abort']})
  })

  test('libc++ prints type and what() on one line', () => {
    const [event] = parse('libc++abi: terminating due to uncaught exception of type std::out_of_range: map::at:  key not found')
    expect(event).toMatchObject({message: 'uncaught std::out_of_range: map::at:  key not found', kinds: ['abort']})
  })
})

describe('cxx-terminate without an exception', () => {
  test('pure virtual call and its terminate are one event', () => {
    const events = parse('pure virtual method called\nterminate called without an active exception\nAborted (core dumped)')
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({message: 'pure virtual method called', kinds: ['abort'], lastLine: 2})
  })

  test('terminate without an active exception', () => {
    expect(parse('terminate called without an active exception')[0]).toMatchObject({message: 'terminate called without an active exception', kinds: ['abort']})
  })
})

describe('cxx-terminate stays silent on healthy logs', () => {
  test('talk of terminating and std::terminate frames', () => {
    const text = [
      'I0302 10:11:12.000000 1 supervisor.cc:40] terminate called for child pid 4242 after drain',
      '#7  0x00007f3c2a4b5e5a in std::terminate() () from /lib64/libstdc++.so.6',
      "W0302 10:11:12.000000 1 compaction.cc:77] what(): was not called, exception swallowed",
    ].join('\n')
    expect(parse(text)).toEqual([])
  })
})
