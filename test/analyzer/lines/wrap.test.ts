import {expect, test} from 'vitest'
import {isWrapWidth, joinPieces, LINE_START_PATTERNS, mayContinue, MIN_WRAP_WIDTH, wrappedLineEnd, wrappedLineStart} from '../../../analyzer/lines/wrap.js'

const WIDTH = 80

/** Cuts every line into pieces of `width` characters, as a terminal paste does. */
function wrap(lines: readonly string[], width = WIDTH): string {
  return lines.flatMap((l) => {
    const pieces: string[] = []
    let rest = l
    while (rest.length > width) {
      pieces.push(rest.slice(0, width))
      rest = rest.slice(width)
    }
    return [...pieces, rest]
  }).join('\n')
}

const LONG_RECORDS = [
  'I1121 09:14:02.118000  4242 flush_job.cc:88] flushing memtable of column family default, 8812 entries, 61 MB',
  'I1121 09:14:02.119000  4242 flush_job.cc:91] flush finished for column family default at level 0, file 000317.sst',
  'W1121 09:14:02.120000  4242 db_impl.cc:512] write stall: too many level-0 files in column family default (limit 20)',
]
const HEADER = '*** Error in `/opt/kv/bin/kv_server\': free(): invalid pointer in the middle of a chunk: 0x000055d0c3a1b2c0 ***'

/** Start offset of physical line `n` (0-based) in `buf`. */
function lineStart(buf: Buffer, n: number): number {
  let pos = 0
  for (let i = 0; i < n; i++) pos = buf.indexOf(10, pos) + 1
  return pos
}

test('a header cut at the paste width is joined back whole, with the number of pieces it took', () => {
  const buf = Buffer.from(wrap([...LONG_RECORDS, HEADER, 'short tail line']))
  const start = lineStart(buf, 6)
  const {end, pieces} = wrappedLineEnd(buf, start)
  expect(pieces).toBe(2)
  expect(joinPieces(buf, start, end)).toBe(HEADER)
})

test('the tail piece of a cut line leads back to its first piece', () => {
  const buf = Buffer.from(wrap([...LONG_RECORDS, HEADER]))
  const {start, pieces} = wrappedLineStart(buf, 0, lineStart(buf, 7))
  expect(pieces).toBe(1)
  expect(start).toBe(lineStart(buf, 6))
  expect(wrappedLineStart(buf, lineStart(buf, 7), lineStart(buf, 7)).pieces).toBe(0)
})

test('a line exactly as wide as the widest is not joined in a log that was never wrapped', () => {
  // Real lines of every width around 80, one of them exactly 80 wide: no spike at one width.
  const lines = Array.from({length: 20}, (_, i) => `I1121 09:14:02.${String(100 + i)} 4242 server.cc:1] heartbeat ${'x'.repeat(40 + (i % 9) * 4)}`.slice(0, 72 + (i % 9)))
  const buf = Buffer.from([...lines, 'next record starts here'].join('\n'))
  const widest = lineStart(buf, 8)
  expect(wrappedLineEnd(buf, widest).pieces).toBe(1)
  expect(isWrapWidth(buf, {start: widest, end: buf.indexOf(10, widest)}, 80)).toBe(false)
})

test('a record repeated word for word at one width is not evidence of a wrap', () => {
  const beat = 'I1121 09:14:02.118000  4242 heartbeat.cc:12] heartbeat ok to 10.0.0.7:34601 epoch 9'
  const buf = Buffer.from([beat, beat, beat, 'terminate handler ran'].join('\n'))
  expect(beat.length).toBeGreaterThanOrEqual(MIN_WRAP_WIDTH)
  expect(wrappedLineEnd(buf, lineStart(buf, 2)).pieces).toBe(1)
})

test('narrow widths, indented lines, record starts and lines that begin like the cut line never continue it', () => {
  expect(isWrapWidth(Buffer.from('a\nb\n'), {start: 0, end: 1}, MIN_WRAP_WIDTH - 1)).toBe(false)
  expect(mayContinue('github.c', '\t/src/kv/store.go:12 +0x1f')).toBe(false)
  expect(mayContinue('github.c', 'goroutine 1 [running]:')).toBe(false)
  expect(mayContinue('I1121 09', 'I1121 09:14:02.118000  4242 a.cc:1] next')).toBe(false)
  expect(mayContinue('src/kv/s', 'src/kv/store.cc:333] retry')).toBe(false)
  expect(mayContinue('*** Erro', '')).toBe(false)
  expect(mayContinue('W2020-11', './run.sh: line 1577: 112214 Segmentation fault      ./kv_shell')).toBe(false)
  expect(mayContinue('*** Erro', 'nter: 0x000055d0c3a1b2c0 ***')).toBe(true)
})

test('every line-start pattern matches its examples, which no wrapped line may continue', () => {
  for (const entry of Object.values(LINE_START_PATTERNS)) {
    for (const example of entry.examples) {
      expect(entry.re.test(example), example).toBe(true)
      expect(mayContinue('xxxxxxxx', example), example).toBe(false)
    }
  }
})

test('behind a quote, an indented line or a trace header is no continuation', () => {
  const before = '> I1121 09:14:02.118000  4242 flush_job.cc:88] flushing memtable of column'
  expect(mayContinue(before, '>     @     0x7f3a2b1c4d5e  rocksdb::DBImpl::Get()')).toBe(false)
  expect(mayContinue(before, '> goroutine 1 [running]:')).toBe(false)
  expect(mayContinue(before, '>')).toBe(false)
  expect(mayContinue(before, 'family default, 8812 entries, 61 MB')).toBe(true)
})
