import {Readable} from 'node:stream'
import {expect, test} from 'vitest'
import {SourceScanner, type TraceFinding} from '../../../analyzer/engine/source-scanner.js'
import type {TraceFormat} from '../../../analyzer/formats/types.js'
import {readChunks} from '../../../analyzer/input/chunks.js'
import type {LogLine, TraceEvent} from '../../../analyzer/model.js'

/** A toy format: `BOOM` starts a trace, indented lines continue it. */
const toyFormat: TraceFormat = {
  id: 'toy',
  runtime: null,
  stage: 'dump',
  triggers: ['BOOM'],
  patterns: {start: {re: /^BOOM (\w+)/, examples: ['BOOM now']}},
  detect: (line) => /^BOOM (\w+)/.test(line.text),
  parse(first: LogLine) {
    const taken: LogLine[] = [first]
    return {
      push: (line) => {
        if (line.text.startsWith('  ')) {
          taken.push(line)
          return 'taken'
        }
        return 'ended'
      },
      finish: (): TraceEvent[] => [{
        format: 'toy', runtime: null, kinds: ['abort'], signal: null, message: first.text, frames: taken.slice(1).map((l) => ({function: l.text.trim()})),
        faultAddress: null, firstLine: first.lineNo, lastLine: taken.at(-1)!.lineNo, evidence: [{line: first, why: 'boom'}], terminal: true, recovered: false, pid: null, facts: {},
      }],
    }
  },
}

async function scan(text: string): Promise<{findings: TraceFinding[]; lines: number}> {
  const findings: TraceFinding[] = []
  const scanner = new SourceScanner([toyFormat], (f) => findings.push(f))
  for await (const chunk of readChunks(Readable.from([Buffer.from(text)]))) scanner.scan(chunk)
  scanner.end()
  return {findings, lines: scanner.lines.count}
}

test('traces are found among many idle lines, with exact line numbers and their frames', async () => {
  const filler = Array.from({length: 50_000}, (_, i) => `info line ${i}`).join('\n')
  const {findings, lines} = await scan(`${filler}\nBOOM first\n  f1\n  f2\nafter\n${filler}\nBOOM second\n  g1\n`)
  expect(findings.map((f) => [f.events[0]!.firstLine, f.events[0]!.lastLine])).toEqual([[50_001, 50_003], [100_005, 100_006]])
  expect(findings[1]!.events[0]!.frames).toEqual([{function: 'g1'}])
  expect(lines).toBe(100_006)
})

test('each trace carries the lines before it as context, oldest first', async () => {
  const {findings} = await scan('a\nb\nc\nBOOM x\n  f\n')
  expect(findings[0]!.context.map((l) => [l.lineNo, l.text])).toEqual([[1, 'a'], [2, 'b'], [3, 'c']])
})

test('a trigger word in prose does not start a trace', async () => {
  const {findings} = await scan('we said BOOM once\nand again BOOM\n')
  expect(findings).toEqual([])
})

test('interleaved nodes keep separate traces', async () => {
  const {findings} = await scan('n1 | BOOM a\nn2 | BOOM b\nn1 |   fa\nn2 |   fb\nn1 | done\nn2 | done\n')
  expect(findings.map((f) => [f.first.node, f.events[0]!.frames.map((x) => x.function)])).toEqual([['n1', ['fa']], ['n2', ['fb']]])
})

test('an incident keeps the lines after it on its node, for rules', async () => {
  const {IncidentBuilder} = await import('../../../analyzer/incidents/merge.js')
  const incidents: import('../../../analyzer/model.js').Incident[] = []
  let scanner: SourceScanner | null = null
  const builder = new IncidentBuilder('x.log', (i) => incidents.push(i), (n, c) => scanner!.linesAfter(n, c))
  scanner = new SourceScanner([toyFormat], (f) => builder.add(f))
  for await (const chunk of readChunks(Readable.from([Buffer.from('before\nBOOM x\n  f\nrestarting node\nnode up\n')]))) scanner.scan(chunk)
  scanner.end()
  builder.end()
  expect(incidents[0]!.after.map((l) => [l.lineNo, l.text])).toEqual([[4, 'restarting node'], [5, 'node up']])
  expect(incidents[0]!.traceLines.map((l) => l.lineNo)).toEqual([2, 3])
  expect(incidents[0]!.context.map((l) => l.text)).toEqual(['before'])
})

test('a trace whose header a paste cut at a fixed width starts on the first piece, its message whole', async () => {
  const records = Array.from({length: 6}, (_, i) => `I1121 09:14:0${i}.000000  4242 compaction.cc:7${i}] compaction ${i} picked ${'file-'.repeat(12)}`)
  const header = `BOOM ${'z'.repeat(90)}`
  const wrapped = [...records, header].flatMap((l) => (l.length > 80 ? [l.slice(0, 80), l.slice(80, 160), l.slice(160)].filter(Boolean) : [l]))
  const {findings, lines} = await scan(`${wrapped.join('\n')}\n  frame\n`)
  expect(findings).toHaveLength(1)
  expect(findings[0]!.events[0]!.message).toBe(header)
  expect(findings[0]!.events[0]!.frames).toEqual([{function: 'frame'}])
  expect(findings[0]!.first.lineNo).toBe(wrapped.length - 1)
  expect(lines).toBe(wrapped.length + 1)
})

test('traces of one node are handed on in the order they started, whichever ended first', async () => {
  const findings: TraceFinding[] = []
  const late: TraceFormat = {...toyFormat, id: 'late', triggers: ['DIED'], detect: (line) => line.text.startsWith('DIED'), parse: (first) => ({
    push: () => 'ended',
    finish: () => [{...toyFormat.parse(first).finish()[0]!, format: 'late', message: first.text}],
  })}
  // The first trace skips foreign lines and only ends at a blank line, after the second ended.
  const patient: TraceFormat = {...toyFormat, parse: (first) => {
    const inner = toyFormat.parse(first)
    return {push: (line) => (line.text === '' ? 'ended' : line.text.startsWith('  ') ? inner.push(line) : 'skipped'), finish: () => inner.finish()}
  }}
  const scanner = new SourceScanner([patient, late], (f) => findings.push(f))
  for await (const chunk of readChunks(Readable.from([Buffer.from('BOOM first\n  f1\nDIED later\n  f2\n\n')]))) scanner.scan(chunk)
  scanner.end()
  expect(findings.map((f) => f.events[0]!.message)).toEqual(['BOOM first', 'DIED later'])
})

test('a quoted paste keeps its trace and the indentation of its frames', async () => {
  const {findings} = await scan('> a\n> BOOM quoted\n>   f1\n> >   f2\n> after\n')
  expect(findings[0]!.events[0]!.frames).toEqual([{function: 'f1'}, {function: 'f2'}])
  expect(findings[0]!.context.map((l) => l.text)).toEqual(['a'])
})

test('a numbered paste keeps its trace, across chunks, and its numbers stay out of the text', () => {
  const findings: TraceFinding[] = []
  const scanner = new SourceScanner([toyFormat], (f) => findings.push(f))
  const head = Array.from({length: 40}, (_, i) => `${String(i + 1).padStart(4)}  info line ${i + 1}`)
  scanner.scan({buf: Buffer.from([...head, '  41  BOOM numbered', '  42    f1', ''].join('\n')), offset: 0})
  // A last chunk of one line is too short to show a gutter of its own.
  scanner.scan({buf: Buffer.from('  43    f2\n'), offset: 10_000})
  scanner.end()
  const event = findings[0]!.events[0]!
  expect([event.firstLine, event.lastLine, event.message]).toEqual([41, 43, 'BOOM numbered'])
  expect(event.frames).toEqual([{function: 'f1'}, {function: 'f2'}])
  expect(findings[0]!.context.at(-1)!.text).toBe('info line 40')
})

test('in Docker JSON records a trigger escaped as Go writes it still starts a trace, and its frames are decoded', async () => {
  // Given a format whose trigger holds characters Go's JSON encoder escapes
  const bracketed: TraceFormat = {...toyFormat, triggers: ['<BOOM>'], detect: (line) => line.text.startsWith('<BOOM>')}
  const record = (text: string): string => JSON.stringify({log: `${text}\n`, stream: 'stderr', time: '2026-11-21T10:00:00Z'}).replace(/</g, '\\u003c').replace(/>/g, '\\u003e')
  const text = ['idle', '<BOOM> now', '  f1', '  f2', 'after'].map(record).join('\n') + '\n'
  // When the scanner reads the records
  const findings: TraceFinding[] = []
  const scanner = new SourceScanner([bracketed], (f) => findings.push(f))
  for await (const chunk of readChunks(Readable.from([Buffer.from(text)]))) scanner.scan(chunk)
  scanner.end()
  // Then the trace is found with its decoded header and frames, its evidence the line as read
  expect(findings).toHaveLength(1)
  const event = findings[0]!.events[0]!
  expect([event.firstLine, event.lastLine, event.message]).toEqual([2, 4, '<BOOM> now'])
  expect(event.frames).toEqual([{function: 'f1'}, {function: 'f2'}])
  expect(findings[0]!.first.raw).toContain('\\u003cBOOM\\u003e')
  expect(findings[0]!.context.map((l) => l.text)).toEqual(['idle'])
})

test('a Go panic written through Docker\'s json-file driver is parsed as the plain one', async () => {
  const {TRACE_FORMATS} = await import('../../../analyzer/formats/registry.js')
  const panicLines = ['panic: runtime error: invalid memory address or nil pointer dereference', '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x4a1b2c]', '', 'goroutine 7 [running]:', 'example.com/store/wal.(*Log).Append(0x0, {0xc000120000, 0x10, 0x10})', '\t/src/wal/log.go:88 +0x2c', 'main.main()', '\t/src/main.go:12 +0x1d', 'exit status 2']
  const frames = async (text: string): Promise<unknown> => {
    const findings: TraceFinding[] = []
    const scanner = new SourceScanner(TRACE_FORMATS, (f) => findings.push(f))
    for await (const chunk of readChunks(Readable.from([Buffer.from(text)]))) scanner.scan(chunk)
    scanner.end()
    return findings.flatMap((f) => f.events.map((e) => [e.kinds, e.signal, e.frames.map((fr) => fr.function)]))
  }
  const docker = panicLines.map((t, i) => JSON.stringify({log: `${t}\n`, stream: 'stderr', time: `2026-11-21T10:00:0${i}Z`})).join('\n')
  const plain = await frames(panicLines.join('\n'))
  expect(plain).not.toEqual([])
  expect(await frames(docker)).toEqual(plain)
})
