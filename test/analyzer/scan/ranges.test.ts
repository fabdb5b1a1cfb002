import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {expect, test} from 'vitest'
import {TRACE_FORMATS} from '../../../analyzer/formats/registry.js'
import {fileChunks} from '../../../analyzer/input/chunks.js'
import {loadRules} from '../../../analyzer/rules/load.js'
import {planRanges, stitchRanges} from '../../../analyzer/scan/ranges.js'
import {scanRange} from '../../../analyzer/scan/scan-range.js'
import {scanStream} from '../../../analyzer/scan/scan-stream.js'

function goPanic(n: number): string {
  const frames = Array.from({length: 30}, (_, i) => `github.com/cubefs/cubefs/datanode.f${n}x${i}(0xc000010000)\n\t/src/datanode/f.go:${i + 1} +0x1d`)
  return [`panic: boom ${n}`, '', 'goroutine 7 [running]:', ...frames, ''].join('\n')
}

test('ranges scanned apart and stitched give what one pass gives, crashes across cuts included', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-ranges-'))
  const file = path.join(dir, 'big.log')
  const parts: string[] = []
  for (let i = 0; i < 40; i++) {
    parts.push(Array.from({length: 137}, (_, j) => `2026/11/21 16:26:30.000000 partition.go:${j}: [INFO] apply index(${i * 1000 + j})`).join('\n'))
    parts.push(goPanic(i))
  }
  const text = parts.join('\n')
  writeFileSync(file, text)
  const size = Buffer.byteLength(text)
  const whole = await scanStream(fileChunks(file), {source: file, formats: TRACE_FORMATS, rules: loadRules().rules})
  expect(whole.crashes).toHaveLength(40)

  for (const count of [2, 7, 13]) {
    const ranges = await planRanges(file, size, count)
    expect(ranges[0]!.start).toBe(0)
    expect(ranges.at(-1)!.end).toBe(size)
    for (const r of ranges.slice(1)) expect(text[r.start - 1]).toBe('\n')
    const scans = []
    for (const range of ranges) scans.push(await scanRange({path: file, range, size, rules: loadRules().rules, explain: false}))
    const stitched = stitchRanges(scans)
    expect(stitched.lines).toBe(whole.lines)
    expect(stitched.crashes.map((c) => [c.report.lines, c.report.message, c.report.diagnosis.evidence.map((e) => e.line)])).toEqual(
      whole.crashes.map((c) => [c.report.lines, c.report.message, c.report.diagnosis.evidence.map((e) => e.line)]),
    )
  }
})
