import {describe, expect, test} from 'vitest'
import {
  NATIVE_FRAME_PATTERNS,
  parseBoostFrame,
  parseGlibcBacktraceFrame,
  parseGlogFrame,
} from '../../../analyzer/formats/native-frames.js'

describe('native frame patterns', () => {
  test.each(Object.entries(NATIVE_FRAME_PATTERNS))('%s matches its examples', (_name, entry) => {
    for (const example of entry.examples) expect(entry.re.test(example), example).toBe(true)
  })
})

describe('parseGlogFrame', () => {
  test('symbolised, unknown and nil frames', () => {
    expect(parseGlogFrame('    @     0x55d0a1b2c3d4 kv::meta_store::apply()')).toEqual({
      function: 'kv::meta_store::apply()',
      address: '0x55d0a1b2c3d4',
    })
    expect(parseGlogFrame('    @     0x7f11aa02c520 (unknown)')).toEqual({function: '(unknown)', address: '0x7f11aa02c520'})
    expect(parseGlogFrame('    @              (nil)  (unknown)')).toEqual({function: '(unknown)', address: null})
  })

  test('leading whitespace lost, folly address without 0x, Abseil frame size column', () => {
    expect(parseGlogFrame('@ 0x1b800ff kv::writer::append()')?.function).toBe('kv::writer::append()')
    expect(parseGlogFrame('    @ 00000000004a1f2e folly::EventBase::loop()')?.address).toBe('0x00000000004a1f2e')
    expect(parseGlogFrame('    @     0x55e5b0e1c6ba        112  main')?.function).toBe('main')
  })

  test('not a frame', () => {
    expect(parseGlogFrame('I0914 17:40:26.355070 11 a.cc:1] started @ 0x1')).toBeNull()
    expect(parseGlogFrame('email me @ home')).toBeNull()
  })
})

describe('parseBoostFrame', () => {
  test('symbol at file:line, address in module, symbol in module', () => {
    expect(parseBoostFrame(' 4# kv::tablet::flush(int) at /src/be/tablet.cpp:212')).toEqual({
      function: 'kv::tablet::flush(int)',
      file: '/src/be/tablet.cpp',
      line: 212,
    })
    expect(parseBoostFrame(' 3# 0x00007F2B6E1A1090 in /lib/x86_64-linux-gnu/libc.so.6')).toEqual({
      function: '(unknown)',
      module: '/lib/x86_64-linux-gnu/libc.so.6',
      address: '0x00007f2b6e1a1090',
    })
    expect(parseBoostFrame('12# start_thread in /lib64/libpthread.so.0')?.function).toBe('start_thread')
  })
})

describe('parseGlibcBacktraceFrame', () => {
  test('module with and without symbol', () => {
    expect(parseGlibcBacktraceFrame('/usr/lib/libkv.so(_ZN2kv5Table5CloseEv+0x4c)[0x7f0a11223344]')).toEqual({
      function: '_ZN2kv5Table5CloseEv',
      module: '/usr/lib/libkv.so',
      address: '0x7f0a11223344',
    })
    expect(parseGlibcBacktraceFrame('/lib64/libc.so.6(+0x7c503)[0x7f0a10e7c503]')?.function).toBe('(unknown)')
    expect(parseGlibcBacktraceFrame('./kvserver[0x40c7a1]')?.module).toBe('./kvserver')
  })
})
