import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {goPanicFormat} from '../../../analyzer/formats/go-panic.js'
import {goStackFormat} from '../../../analyzer/formats/go-stack.js'
import {GO_THROW_CALLERS, kindsOfThrow} from '../../../analyzer/formats/go-throw-kinds.js'
import {goTracebackFormat} from '../../../analyzer/formats/go-traceback.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const parse = (lines: string[]) => parseLines([goPanicFormat, goTracebackFormat, goStackFormat], linesOf(lines.join('\n')))
const frames = (...names: string[]) => names.map((name) => ({function: name}))

// `fatal error: runtime: out of memory` was lost: the system stack shows the failed mapping.
const HEADLESS_OOM = [
  '',
  'runtime stack:',
  'runtime.throw({0x1b2f3a4, 0x16})',
  '\t/usr/local/go/src/runtime/panic.go:1047 +0x5d',
  'runtime.sysMapOS(0xc0a4000000, 0x8000000)',
  '\t/usr/local/go/src/runtime/mem_linux.go:187 +0x11b',
  'runtime.sysMap(0xc0a4000000, 0x8000000, 0x2d4f1c8)',
  '\t/usr/local/go/src/runtime/mem.go:142 +0x35',
  'runtime.(*mheap).grow(0x2d3e860, 0x4000)',
  '\t/usr/local/go/src/runtime/mheap.go:1459 +0x23d',
  'runtime.systemstack()',
  '\t/usr/local/go/src/runtime/asm_amd64.s:492 +0x49',
  '',
  'goroutine 77 [running]:',
  'runtime.systemstack_switch()',
  '\t/usr/local/go/src/runtime/asm_amd64.s:459 fp=0xc0005b7a10 sp=0xc0005b7a08 pc=0x46a2e0',
  'example.com/kv/wal.(*Segment).Grow(0xc000112000, 0x8000000)',
  '\t/build/kv/wal/segment.go:88 +0x7a',
]

describe('go-throw-kinds', () => {
  test('every example matches its pattern', () => {
    for (const [name, entry] of Object.entries(GO_THROW_CALLERS)) for (const ex of entry.examples) expect(entry.re.test(ex), `${name}: ${ex}`).toBe(true)
  })

  test('the function that called runtime.throw decides the kind', () => {
    expect(kindsOfThrow(frames('runtime.throw', 'runtime.sysMap', 'runtime.(*mheap).sysAlloc'))).toEqual(['oom'])
    expect(kindsOfThrow(frames('runtime.throw', 'runtime.(*mcache).allocLarge', 'runtime.mallocgc'))).toEqual(['oom'])
    expect(kindsOfThrow(frames('runtime.fatalthrow', 'runtime.throw', 'runtime.mapassign_faststr'))).toBeNull()
    expect(kindsOfThrow(frames('example.com/kv.(*Store).Put', 'runtime.sysMap'))).toBeNull()
  })

  test('Given a runtime stack without its fatal error line, when the throw came from sysMap, then it is an oom', () => {
    const [e, ...rest] = parse(HEADLESS_OOM)
    expect(rest).toEqual([])
    expect(e?.kinds).toEqual(['oom'])
    expect(e?.facts.kindFromThrowCaller).toBe(true)
  })

  test('a headless throw from elsewhere stays a panic', () => {
    const other = HEADLESS_OOM.map((l) => l.replace('runtime.sysMapOS(0xc0a4000000, 0x8000000)', 'runtime.mapassign_faststr(0xc0a4000000, 0x8000000)'))
    expect(parse(other)[0]?.kinds).toEqual(['panic'])
  })
})
