import {Readable} from 'node:stream'
import {expect, test} from 'vitest'
import {MAX_PHYSICAL_LINE_BYTES, readChunks, type Chunk} from '../../../analyzer/input/chunks.js'

async function collect(parts: (string | Buffer)[]): Promise<Chunk[]> {
  const chunks: Chunk[] = []
  for await (const c of readChunks(Readable.from(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))))) chunks.push(c)
  return chunks
}

test('chunks hold whole lines at exact byte offsets, whatever the reads', async () => {
  const line = 'é'.repeat(40) + '\n'
  const many = line.repeat(40_000)
  const chunks = await collect([many.slice(0, 12345), many.slice(12345), 'last line without newline'])
  expect(chunks.length).toBeGreaterThan(1)
  for (const c of chunks.slice(0, -1)) expect(c.buf.at(-1)).toBe(10)
  for (const c of chunks.slice(0, -1)) expect(c.offset % Buffer.byteLength(line)).toBe(0)
  expect(Buffer.concat(chunks.map((c) => c.buf)).toString()).toBe(many + 'last line without newline')
})

test('an endless line is cut, its rest skipped, and offsets stay true after it', async () => {
  const huge = Buffer.alloc(MAX_PHYSICAL_LINE_BYTES * 3, 'x')
  const chunks = await collect(['first\n', huge, huge, '\nafter\n'])
  const all = Buffer.concat(chunks.map((c) => c.buf)).toString('latin1')
  expect(all.split('\n')[1]!.length).toBe(MAX_PHYSICAL_LINE_BYTES)
  const afterChunk = chunks.find((c) => c.buf.includes('after'))!
  expect(afterChunk.offset + afterChunk.buf.indexOf('after')).toBe(6 + huge.length * 2 + 1)
})
