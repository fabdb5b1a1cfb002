import {expect, test} from 'vitest'
import {linesOf} from '../../../analyzer/lines/line.js'
import {expandRecord} from '../../../analyzer/lines/records.js'

test('a logfmt stack field becomes one virtual line per stack line, on the same line number', () => {
  const [line] = linesOf('level=error msg="handler panic" stack="goroutine 7 [running]:\\nmain.handle()\\n\\t/src/main.go:12 +0x1d" node=a\n', 5)
  const lines = expandRecord(line!)
  expect(lines.map((l) => l.text)).toEqual(['level=error msg="handler panic" node=a', 'goroutine 7 [running]:', 'main.handle()', '\t/src/main.go:12 +0x1d'])
  expect(new Set(lines.map((l) => l.lineNo))).toEqual(new Set([5]))
})

test('a bracketed backtrace field (TiKV style) is cut out of the record', () => {
  const [line] = linesOf('[2021/01/16 12:42:22.087 +00:00] [FATAL] [lib.rs:482] ["boom"] [backtrace="stack backtrace:\\n   0: a::b\\n"] [location=src/x.rs:1]')
  const lines = expandRecord(line!)
  expect(lines[0]!.text).toBe('["boom"] [location=src/x.rs:1]')
  expect(lines[1]!.text).toBe('stack backtrace:')
  expect(lines[0]!.level).toBe('FATAL')
})

test('JSON stacktrace with unicode escapes', () => {
  const [line] = linesOf('{"level":"panic","msg":"x","stacktrace":"main.f\\n\\t/a.go:1 \\u003e"}')
  expect(expandRecord(line!).map((l) => l.text)).toEqual(['{"level":"panic","msg":"x"}', 'main.f', '\t/a.go:1 >'])
})

test('ordinary lines and single-line fields pass through untouched', () => {
  const [line] = linesOf('msg="stack is fine" stack="one line only"')
  expect(expandRecord(line!)).toEqual([line])
})

test('a record cut before its closing quote is still unescaped to its end', () => {
  const [line] = linesOf('[2021/01/16 12:42:22.087 +00:00] [FATAL] [lib.rs:482] ["boom"] [backtrace="stack backtrace:\\n   0: a::b\\n   1: c::d')
  expect(expandRecord(line!).map((l) => l.text)).toEqual(['["boom"]', 'stack backtrace:', '   0: a::b', '   1: c::d'])
})

test('a log flattened into one line with literal \\n becomes its lines again, each with its own prefixes set aside', () => {
  const flat = String.raw`2026/11/21 10:00:00.000001 server.go:1: [INFO] start\npanic: boom\n\ngoroutine 7 [running]:\nexample.com/x.(*T).Run(0x0)\n\t/src/x.go:12 +0x1c`
  const [line] = linesOf(flat)
  const virtual = expandRecord(line!)
  expect(virtual.map((l) => l.text)).toEqual(['start', 'panic: boom', '', 'goroutine 7 [running]:', 'example.com/x.(*T).Run(0x0)', '\t/src/x.go:12 +0x1c'])
  expect(virtual.map((l) => l.level)).toEqual(['INFO', null, null, null, null, null])
  expect(new Set(virtual.map((l) => l.lineNo))).toEqual(new Set([1]))
})

test('a message with one or two escaped line breaks is not taken for a flattened log', () => {
  const [line] = linesOf(String.raw`2026/11/21 10:00:00 server.go:1: [WARN] retry failed:\nconnection refused\nwill retry`)
  expect(expandRecord(line!)).toEqual([line])
})

test('a log flattened with <br> (a web page, a mail) becomes its lines again; a lone <br> in a message does not', () => {
  const [line] = linesOf('panic: boom<br>\n')
  expect(expandRecord(line!)).toEqual([line])
  const [flat] = linesOf('panic: boom<br><br/>goroutine 7 [running]:<BR>example.com/x.(*T).Run(0x0)<br />\t/src/x.go:12 +0x1c')
  expect(expandRecord(flat!).map((l) => l.text)).toEqual(['panic: boom', '', 'goroutine 7 [running]:', 'example.com/x.(*T).Run(0x0)', '\t/src/x.go:12 +0x1c'])
})
