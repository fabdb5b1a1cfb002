import {expect, test} from 'vitest'
import {detectGutter, stripGutter} from '../../../analyzer/lines/gutter.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const TRACE = [
  '2026/11/21 16:26:30.739618 server.go:226: starting metanode',
  'panic: runtime error: invalid memory address or nil pointer dereference',
  '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4]',
  '',
  'goroutine 1 [running]:',
  'main.(*store).apply(0x0)',
  '\t/src/store.go:42 +0x1d',
]

/** Numbers lines as `cat -n`, `less -N` and pastebins print them. */
function numbered(lines: readonly string[], format: (n: number) => string, first = 1): string {
  return lines.map((l, i) => format(first + i) + l).join('\n') + '\n'
}

test('a right-aligned number and two spaces is a gutter; the text after it keeps its indentation', () => {
  const text = numbered(TRACE, (n) => `${String(n).padStart(4)}  `)
  expect(detectGutter(Buffer.from(text))).toEqual({separator: '  '})
  const lines = linesOf(text)
  expect(lines.map((l) => l.text)).toEqual(['starting metanode', ...TRACE.slice(1)])
  expect(lines[1]!.raw).toBe('   2  panic: runtime error: invalid memory address or nil pointer dereference')
  expect(lines[0]!.origin).toBe('server.go:226')
})

test('cat -n tabs and less -N single spaces are gutters too', () => {
  expect(detectGutter(Buffer.from(numbered(TRACE, (n) => `${String(n).padStart(6)}\t`)))).toEqual({separator: '\t'})
  const less = numbered(TRACE, (n) => `${String(n).padStart(7)} `)
  expect(detectGutter(Buffer.from(less))).toEqual({separator: ' '})
  expect(linesOf(less)[6]!.text).toBe('\t/src/store.go:42 +0x1d')
})

test('an excerpt numbered from the middle of its file has a gutter', () => {
  const lines = linesOf(numbered(TRACE, (n) => `${n}  `, 4_998))
  expect(lines.map((l) => l.text)).toEqual(['starting metanode', ...TRACE.slice(1)])
})

test('grep -n: `:` on matches, `-` on context lines, flush left, with or without a space', () => {
  const grep = numbered(TRACE, (n) => `${n}${n === 4_202 ? ':' : '-'}`, 4_200)
  expect(detectGutter(Buffer.from(grep))).toEqual({separator: '', grep: true})
  expect(linesOf(grep).map((l) => l.text)).toEqual(['starting metanode', ...TRACE.slice(1)])
  const spaced = numbered(TRACE, (n) => `${n}: `)
  expect(detectGutter(Buffer.from(spaced))).toEqual({separator: ' ', grep: true})
  expect(linesOf(spaced)[6]!.text).toBe('\t/src/store.go:42 +0x1d')
})

test('times of day and dates that start lines are no grep gutter', () => {
  const times = ['10:00:01 starting', '11:00:02 started', '12:00:03 slow', '13:00:04 failed'].join('\n')
  const dates = ['2024-05-22 a', '2025-05-22 b', '2026-05-22 c', '2027-05-22 d'].join('\n')
  for (const text of [times, dates]) expect(detectGutter(Buffer.from(text)), text).toBeNull()
})

test('numbers that are part of the log are no gutter', () => {
  const ceph = [' ceph version 17.2.6 (quincy)', ' 1: /lib64/libpthread.so.0(+0x12cf0) [0x7f]', ' 2: gsignal()', ' 3: abort()', ' 4: (BlueStore::read()+0x1f) [0x55]']
  const gdb = ['#0  0x00007f in raise () from /lib64/libc.so.6', '#1  0x00007f in abort () from /lib64/libc.so.6', '#2  0x0000555 in main ()']
  const pids = ['4242 I starting', '4243 I started', '4242 W slow', '4250 E failed', '4242 I retry']
  const list = ['1. open the wal', '2. write the entry', '3. sync']
  for (const lines of [ceph, gdb, pids, list]) {
    const text = lines.join('\n')
    expect(detectGutter(Buffer.from(text)), lines[0]).toBeNull()
    expect(linesOf(text).map((l) => l.text)).toEqual(lines.map((l) => linesOf(l)[0]!.text))
  }
})

test('a gutter needs most of the sampled lines to count up', () => {
  const half = ['  1  a', '  2  b', 'c', 'd', '  5  e', 'f', 'g', 'h'].join('\n')
  expect(detectGutter(Buffer.from(half))).toBeNull()
})

test('a lone line is numbered only when the number is its own line number', () => {
  expect(detectGutter(Buffer.from('   1  fatal error: out of memory\n'), {firstLineNo: 1})).toEqual({separator: '  '})
  expect(detectGutter(Buffer.from('   1  fatal error: out of memory\n'), {firstLineNo: 7})).toBeNull()
})

test('a chunk too short to tell goes on with the gutter of the chunk before', () => {
  const previous = {separator: '\t'}
  expect(detectGutter(Buffer.from('    41\tgoroutine 7 [running]:\n'), {previous, firstLineNo: 1041})).toBe(previous)
  expect(detectGutter(Buffer.from('goroutine 7 [running]:\n'), {previous, firstLineNo: 41})).toBeNull()
})

test('a quote around the numbered paste stays for the prefix table', () => {
  const text = numbered(TRACE, (n) => `> ${String(n).padStart(4)}  `)
  const gutter = detectGutter(Buffer.from(text))
  expect(gutter).toEqual({separator: '  '})
  expect(stripGutter('>    7  \t/src/store.go:42 +0x1d', gutter!)).toBe('> \t/src/store.go:42 +0x1d')
  expect(linesOf(text).map((l) => l.text)).toEqual(['starting metanode', ...TRACE.slice(1)])
})

test('lines not shaped like the gutter are left alone', () => {
  expect(stripGutter('goroutine 1 [running]:', {separator: '  '})).toBe('goroutine 1 [running]:')
  expect(stripGutter('  12  ', {separator: '  '})).toBe('')
  expect(stripGutter('1716359309.529 datanode: wal write failed', {separator: ' '})).toBe('1716359309.529 datanode: wal write failed')
})
