import {describe, expect, test} from 'vitest'
import {backtraceSymbolsFormat} from '../../../analyzer/formats/backtrace-symbols.js'
import {eventsOf, expectPatternTable, functionsOf, onlyEvent} from './postmortem-test-helpers.js'

const OWN_HANDLER = `[2024-05-22 14:28:29.100] [info] [900] [server.cc:40] serving
*** caught signal 11 (Segmentation fault), address 0x0, stack trace:
./metaserver(_Z11dump_framesv+0x1d)[0x55a1c0a0101d]
/lib/x86_64-linux-gnu/libc.so.6(+0x42520)[0x7f3c2a042520]
./metaserver(_ZN4meta5table6lookupERKSs+0x2c)[0x55a1c0a0222c]
./metaserver(main+0x8f)[0x55a1c0a0008f]
[2024-05-22 14:28:29.300] [info] [901] [server.cc:41] still serving
`

describe('backtrace-symbols', () => {
  test('its pattern table proves itself', () => expectPatternTable(backtraceSymbolsFormat))

  test('a program\'s own SIGSEGV handler with backtrace_symbols frames', () => {
    const e = onlyEvent(backtraceSymbolsFormat, OWN_HANDLER)
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', faultAddress: '0x0', runtime: 'cpp', firstLine: 2, lastLine: 6})
    expect(functionsOf(e)).toEqual(['_Z11dump_framesv', '??', '_ZN4meta5table6lookupERKSs', 'main'])
    expect(e.frames[1]).toMatchObject({module: '/lib/x86_64-linux-gnu/libc.so.6', address: '0x7f3c2a042520'})
  })

  test('catchsegv: register dump first, then the backtrace', () => {
    const text = ['*** Segmentation fault', 'Register dump:', '', ' RAX: 0000000000000000   RBX: 00007ffd5e6f7a80', '', 'Backtrace:', './metaserver[0x400b1c]', '/lib64/libc.so.6(__libc_start_main+0xf5)[0x7f3c2a021b35]', '', 'Memory map:'].join('\n')
    const e = onlyEvent(backtraceSymbolsFormat, text)
    expect(functionsOf(e)).toEqual(['??', '__libc_start_main'])
    expect(e.frames[0]?.module).toBe('./metaserver')
  })

  test('a header with no frames after it, or prose naming signals, is nothing', () => {
    const text = [
      '[info] fatal signal handler installed for SIGSEGV, SIGABRT',
      'INFO received signal 15, shutting down',
      '*** SIGSEGV (@0x0) received by PID 5405 (TID 0x7f) from PID 0; stack trace: ***',
      '    @     0x7f1df2059fb2 (unknown)',
    ].join('\n')
    expect(eventsOf(backtraceSymbolsFormat, text)).toEqual([])
  })

  test('a cut backtrace still counts once two frames are in', () => {
    const cut = OWN_HANDLER.split('\n').slice(1, 4).join('\n')
    expect(functionsOf(onlyEvent(backtraceSymbolsFormat, cut))).toHaveLength(2)
  })
})
