import {describe, expect, test} from 'vitest'
import {GoroutineDump} from '../../../analyzer/formats/go-goroutines.js'
import {goPanicFormat} from '../../../analyzer/formats/go-panic.js'
import {classifyGoLine, packageOf} from '../../../analyzer/formats/go-lines.js'
import {goStackFormat} from '../../../analyzer/formats/go-stack.js'
import {goTracebackFormat} from '../../../analyzer/formats/go-traceback.js'

const FORMATS = [goPanicFormat, goTracebackFormat, goStackFormat]

describe('Go pattern tables', () => {
  const cases = FORMATS.flatMap((f) => Object.entries(f.patterns).flatMap(([name, p]) => p.examples.map((example) => [f.id, name, example] as const)))
  test.each(cases)('%s %s matches its example %#', (id, name, example) => {
    const format = FORMATS.find((f) => f.id === id)!
    expect(format.patterns[name]!.re.test(example)).toBe(true)
  })
})

describe('classifyGoLine', () => {
  test.each([
    ['goroutine 1793 [syscall, locked to thread]:', {type: 'goroutine', id: 1793, state: 'syscall, locked to thread'}],
    ['runtime stack:', {type: 'runtimeStack'}],
    ['example.com/kv.(*DB).Put(0x0, 0x0, 0xc0000a4c90)', {type: 'function', name: 'example.com/kv.(*DB).Put', hasArgs: true, closed: true}],
    ['main.(*T).M.func1(0x7f5a18034830, 0xc42026', {type: 'function', name: 'main.(*T).M.func1', hasArgs: true, closed: false}],
    ['runtime.goexit', {type: 'function', name: 'runtime.goexit', hasArgs: false, closed: true}],
    ['\t/src/main.go:12 +0x1d fp=0xc000068f00 sp=0xc000068ea0 pc=0x49adf5', {type: 'file', file: '/src/main.go', line: 12, pc: '0x49adf5'}],
    ['created by main.start in goroutine 1', {type: 'createdBy', name: 'main.start'}],
    ['...additional frames elided...', {type: 'elided'}],
    ['signal arrived during cgo execution', {type: 'note', cgo: true}],
    ['', {type: 'blank'}],
  ])('%j', (text, expected) => {
    expect(classifyGoLine(text)).toEqual(expected)
  })

  test.each([
    'action[loadPartition] partition(8937) loaded, applyID(738564)',
    'Key not found',
    '/go/src/example.com/kv/meta/free_l',
    '1.2.3',
    '--- FAIL: TestCompactCheck (0.31s)',
  ])('%j is not a dump line', (text) => {
    expect(classifyGoLine(text).type).toBe('other')
  })
})

describe('GoroutineDump', () => {
  const read = (dump: GoroutineDump, ...lines: string[]) => lines.map((l) => dump.read(classifyGoLine(l)))

  test('the first goroutine is the crashing one once it runs; later ones are only counted', () => {
    const dump = new GoroutineDump()
    read(dump, 'goroutine 7 [running]:', 'main.crash(0x1)', '\t/src/a.go:1 +0x1', '', 'goroutine 8 [running]:', 'main.other()', '\t/src/b.go:2 +0x2')
    dump.end()
    expect(dump.frames.map((f) => f.function)).toEqual(['main.crash'])
    expect(dump.facts()).toMatchObject({goroutines: 2, crashingGoroutine: 7, goroutineStates: 'running: 2'})
  })

  test('the crashing goroutine\'s frames are capped', () => {
    const dump = new GoroutineDump()
    read(dump, 'goroutine 1 [running]:', ...Array.from({length: 150}, (_, i) => [`main.f${i}(0x1)`, `\t/src/a.go:${i} +0x1`]).flat())
    dump.end()
    expect(dump.frames).toHaveLength(100)
    expect(dump.facts().framesDropped).toBe(50)
  })

  test('a function line cut before its file line is kept when it shows its arguments', () => {
    const dump = new GoroutineDump()
    read(dump, 'goroutine 1 [running]:', 'main.a(0x1)', '\t/src/a.go:1 +0x1', 'main.b(0xc000010000)')
    dump.end()
    expect(dump.frames.map((f) => [f.function, f.file])).toEqual([
      ['main.a', '/src/a.go'],
      ['main.b', null],
    ])
  })
})

test('packageOf names the package path of a function', () => {
  expect(packageOf('github.com/a/b.v2/pkg.(*T).M.func1')).toBe('github.com/a/b.v2/pkg')
  expect(packageOf('main.main')).toBe('main')
  expect(packageOf('panic')).toBeNull()
})
