import {Readable} from 'node:stream'
import {expect, test} from 'vitest'
import {MAX_PHYSICAL_LINE_BYTES, readChunks, type Chunk} from '../../../analyzer/input/chunks.js'

async function collect(parts: (string | Buffer)[]): Promise<Chunk[]> {
  const chunks: Chunk[] = []
  for await (const c of readChunks(Readable.from(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))))) chunks.push(c)
  return chunks
}

test('chunks hold whole lines; line numbers and byte offsets stay exact across reads', async () => {
  const line = 'é'.repeat(40) + '\n'
  const many = line.repeat(20_000)
  const chunks = await collect([many.slice(0, 12345), many.slice(12345), 'last line without newline'])
  for (const c of chunks.slice(0, -1)) expect(c.text.endsWith('\n')).toBe(true)
  const lineBytes = Buffer.byteLength(line)
  for (const c of chunks) expect(c.offset).toBe((c.lineNo - 1) * lineBytes)
  const last = chunks.at(-1)!
  expect(last.buf.toString('utf8').endsWith('last line without newline')).toBe(true)
  expect(chunks.reduce((n, c) => n + c.newlines, 0)).toBe(20_000)
})

test('an endless line is cut, the rest skipped, and numbering goes on after it', async () => {
  const huge = Buffer.alloc(MAX_PHYSICAL_LINE_BYTES * 3, 'x')
  const chunks = await collect(['first\n', huge, huge, '\nafter\n'])
  const all = chunks.map((c) => c.buf.toString('latin1')).join('')
  expect(all.split('\n')[1]!.length).toBe(MAX_PHYSICAL_LINE_BYTES)
  const afterChunk = chunks.find((c) => c.text.includes('after'))!
  const lineNoOfAfter = afterChunk.lineNo + afterChunk.text.slice(0, afterChunk.text.indexOf('after')).split('\n').length - 1
  expect(lineNoOfAfter).toBe(3)
  expect(afterChunk.offset + afterChunk.text.indexOf('after')).toBe(6 + huge.length * 2 + 1)
  expect(chunks.reduce((n, c) => n + c.longLines, 0)).toBe(1)
})
