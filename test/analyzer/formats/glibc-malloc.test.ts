import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {GLIBC_MALLOC_PATTERNS, glibcMallocFormat} from '../../../analyzer/formats/glibc-malloc.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const parse = (text: string) => parseLines([glibcMallocFormat], linesOf(text))

describe('glibc-malloc patterns', () => {
  test.each(Object.entries(GLIBC_MALLOC_PATTERNS))('%s matches its examples', (_name, entry) => {
    for (const example of entry.examples) expect(entry.re.test(example), example).toBe(true)
  })
})

describe('glibc malloc checks (modern)', () => {
  test.each([
    ['free(): invalid pointer', ['invalid-free', 'abort']],
    ['free(): invalid size', ['invalid-free', 'abort']],
    ['free(): double free detected in tcache 2', ['invalid-free', 'abort']],
    ['double free or corruption (fasttop)', ['invalid-free', 'abort']],
    ['double free or corruption (!prev)', ['invalid-free', 'abort']],
    ['munmap_chunk(): invalid pointer', ['invalid-free', 'abort']],
    ['malloc(): corrupted top size', ['abort']],
    ['malloc(): memory corruption', ['abort']],
    ['corrupted size vs. prev_size', ['abort']],
    ['malloc_consolidate(): invalid chunk size', ['abort']],
    ['Fatal glibc error: malloc.c:4376 (_int_malloc): assertion failed: chunk_main_arena (fwd)', ['abort']],
    ['*** stack smashing detected ***: terminated', ['abort']],
  ])('%s -> %j', (message, kinds) => {
    const text = `I0602 03:11:07.120044  4242 mutation_buffer.cc:129] replayed 6 records\n${message}\n./start.sh: line 4:  4242 Aborted                 (core dumped) ./kvserver`
    const [event, ...rest] = parse(text)
    expect(rest).toEqual([])
    expect(event).toMatchObject({format: 'glibc-malloc', kinds, signal: 'SIGABRT', terminal: true, firstLine: 2, lastLine: 2})
    expect(event?.message).toBe(message.replace(/^Fatal glibc error: /, '').replace(/^\*\*\* ([^*]+) \*\*\*.*$/, '$1'))
  })

  test('behind an aggregator prefix', () => {
    const [event] = parse('replica-3  | free(): invalid pointer')
    expect(event?.kinds).toEqual(['invalid-free', 'abort'])
  })
})

describe('glibc malloc checks (old "*** Error in")', () => {
  const OLD = `[ops@node-7 data]$ *** Error in \`/opt/kv/bin/kvserver': double free or corruption (out): 0x00007f52c8d77220 ***
======= Backtrace: =========
/lib64/libc.so.6(+0x81499)[0x7f52d099a499]
/opt/kv/lib/libkvengine.so(_ZN2kv6engine5TableD1Ev+0x56)[0x7f52cc923b46]
/lib64/libc.so.6(__cxa_finalize+0x9a)[0x7f52d0952c1a]
/opt/kv/bin/kvserver[0x40c7a1]
======= Memory map: ========
00400000-00401000 r-xp 00000000 fd:00 940614                             /opt/kv/bin/kvserver
00600000-00601000 rw-p 00000000 fd:00 940614                             /opt/kv/bin/kvserver
7f52d0919000-7f52d0add000 r-xp 00000000 fd:00 1577                       /usr/lib64/libc-2.17.so
Aborted (core dumped)`

  test('message, pointer, program, backtrace frames; the memory map is taken but not kept', () => {
    const [event, ...rest] = parse(OLD)
    expect(rest).toEqual([])
    expect(event).toMatchObject({
      kinds: ['invalid-free', 'abort'],
      message: 'double free or corruption (out)',
      firstLine: 1,
      lastLine: 10,
      facts: {pointer: '0x00007f52c8d77220', program: '/opt/kv/bin/kvserver'},
    })
    expect(event?.frames).toHaveLength(4)
    expect(event?.frames[1]).toEqual({function: '_ZN2kv6engine5TableD1Ev', module: '/opt/kv/lib/libkvengine.so', address: '0x7f52cc923b46'})
  })

  test('a backtrace cut mid-frame still gives the event', () => {
    const [event] = parse(OLD.split('\n').slice(0, 4).join('\n') + '\n/lib64/libc.so.6(__cxa_fin')
    expect(event?.frames).toHaveLength(2)
    expect(event?.lastLine).toBe(4)
  })

  test('glibc < 2.18 wording', () => {
    const [event] = parse('*** glibc detected *** /opt/kv/bin/kvserver: free(): invalid next size (fast): 0x00000000024ea010 ***')
    expect(event).toMatchObject({kinds: ['invalid-free', 'abort'], message: 'free(): invalid next size (fast)'})
  })
})

describe('healthy logs and other formats', () => {
  test('log statements and gdb frames quoting glibc messages give nothing', () => {
    const text = `I0602 03:11:07.120044  4242 checker.cc:12] free(): invalid pointer
W0602 03:11:07.120045  4242 mem.cc:40] heap check ok: no double free or corruption (out) found
#6  0x00007fc987aa0d7c in malloc_printerr (str=str@entry=0x7fc987bde5d8 "free(): invalid pointer") at ./malloc/malloc.c:5664
INFO: disk free(): 1.9TB, malloc(): arena count 8 ok now`
    expect(parse(text)).toEqual([])
  })
})
