import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {expect, test} from 'vitest'
import {diagnoseLog} from '../../../analyzer/index.js'
import {detectIndent, stripIndent} from '../../../analyzer/lines/indent.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const SYSLOG_FATAL = [
  'Nov 21 16:47:01 node-3 metanode[4242]: loading partition 7',
  'Nov 21 16:47:02 node-3 metanode[4242]: fatal error: concurrent map writes',
  '',
  'goroutine 12 [running]:',
  'main.(*partition).apply(0xc000123450)',
  '\t/src/partition.go:88 +0x1d',
  'main.main()',
  '\t/src/main.go:12 +0x25',
]

const GLOG_FRAMES = [
  '    @     0x7f3a2b1c4d5e  rocksdb::DBImpl::Get()',
  '    @     0x7f3a2b1c4e00  pegasus::server::on_get()',
  '    @     0x7f3a2b1c4f10  dsn::task::exec()',
]

const GO_FILE_LINES = ['\t/src/partition.go:88 +0x1d', '\t/src/main.go:12 +0x25', '\t/usr/lib/go/src/runtime/proc.go:250 +0x212']

/** Indents every non-empty line as a markdown code block does. */
function indented(lines: readonly string[], indent = '    '): string {
  return lines.map((l) => (l ? indent + l : l)).join('\n') + '\n'
}

test('a log indented by 4 spaces has that indentation; its prefixes anchor again and frames stay deeper', () => {
  const text = indented(SYSLOG_FATAL)
  expect(detectIndent(Buffer.from(text))).toEqual({prefix: '    '})
  const lines = linesOf(text)
  expect(lines[1]!.text).toBe('fatal error: concurrent map writes')
  expect(lines[1]!.node).toBe('node-3')
  expect(lines[1]!.raw).toBe('    Nov 21 16:47:02 node-3 metanode[4242]: fatal error: concurrent map writes')
  expect(lines.slice(3).map((l) => l.text)).toEqual(SYSLOG_FATAL.slice(3))
})

test('a tab or 8 spaces before every line is an indentation too', () => {
  expect(detectIndent(Buffer.from(indented(SYSLOG_FATAL, '\t')))).toEqual({prefix: '\t'})
  expect(detectIndent(Buffer.from(indented(SYSLOG_FATAL, ' '.repeat(8))))).toEqual({prefix: ' '.repeat(8)})
  expect(linesOf(indented(SYSLOG_FATAL, '\t'))[5]!.text).toBe('\t/src/partition.go:88 +0x1d')
})

test('an unindented log, or one where only frames are indented, has no indentation', () => {
  expect(detectIndent(Buffer.from(SYSLOG_FATAL.join('\n')))).toBeNull()
  expect(detectIndent(Buffer.from(indented(SYSLOG_FATAL, '  ')))).toBeNull()
})

test('a chunk of only glog frames or Go file lines keeps its indentation and reads as before', () => {
  for (const lines of [GLOG_FRAMES, GO_FILE_LINES]) {
    const text = lines.join('\n') + '\n'
    expect(detectIndent(Buffer.from(text))).toBeNull()
    expect(linesOf(text).map((l) => l.text)).toEqual(lines)
  }
})

test('indentation deeper than a paste puts (coredumpctl fields) is the log own', () => {
  const text = ['           PID: 6051 (scylla)', '           UID: 0 (root)', '                Stack trace of thread 6056:', '                #0  0x00007f1e2a3b4c5d raise (libc.so.6)'].join('\n')
  expect(detectIndent(Buffer.from(text))).toBeNull()
})

test('a chunk of frames goes on with the indentation of the chunk before when every line carries it', () => {
  const frames = Buffer.from(indented(GLOG_FRAMES))
  expect(detectIndent(frames)).toBeNull()
  expect(detectIndent(frames, {prefix: '    '})).toEqual({prefix: '    '})
  expect(detectIndent(Buffer.from(GLOG_FRAMES.join('\n')), {prefix: '\t'})).toBeNull()
})

test('one line in twenty may miss the indentation; a line without it is left as is', () => {
  const lines = Array.from({length: 40}, (_, i) => `Nov 21 16:47:${String(i).padStart(2, '0')} node-3 metanode[4242]: tick ${i}`)
  const text = indented(lines) + lines[0] + '\n'
  expect(detectIndent(Buffer.from(text))).toEqual({prefix: '    '})
  expect(stripIndent(lines[0]!, {prefix: '    '})).toBe(lines[0])
})

test('an indented paste with a line-number gutter loses both', () => {
  const text = indented(SYSLOG_FATAL.map((l, i) => `${String(i + 1).padStart(3)}  ${l}`))
  expect(linesOf(text)[1]!.text).toBe('fatal error: concurrent map writes')
})

test('an indented journal is diagnosed as the journal itself', async () => {
  const journal = SYSLOG_FATAL.slice(1).map((l) => `Nov 21 16:47:02 node-3 metanode[4242]: ${l}`)
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-indent-'))
  writeFileSync(path.join(dir, 'plain.log'), journal.join('\n') + '\n')
  writeFileSync(path.join(dir, 'pasted.log'), indented(journal))
  const [plain, pasted] = await Promise.all(['plain.log', 'pasted.log'].map((f) => diagnoseLog([path.join(dir, f)])))
  const summary = (r: typeof plain) => r!.report.crashes.map((c) => ({kind: c.kind, topFrames: c.topFrames, lines: c.lines}))
  expect(summary(plain)).toHaveLength(1)
  expect(summary(pasted)).toEqual(summary(plain))
})
