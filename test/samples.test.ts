import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {diagnoseLog} from '../analyzer/index.js'
import {readLabels} from '../analyzer/eval/labels.js'
import {normaliseFunction} from '../analyzer/signature/fingerprint.js'
import {ROOT} from './helpers/cli.js'

// Every log the project produced itself, diagnosed exactly as its label says.
const SAMPLES = path.join(ROOT, 'samples')
const cases = await readLabels(SAMPLES)

test('the samples cover every crash kind and some healthy logs', () => {
  const kinds = new Set(cases.flatMap((c) => c.kinds))
  for (const k of ['sigsegv', 'invalid-free', 'large-alloc', 'panic', 'abort', 'oom', 'sigbus', 'sigill', 'sigfpe', 'none']) expect(kinds, k).toContain(k)
})

describe.each(cases.map((c) => [c.id, c] as const))('sample %s', (_id, label) => {
  test('is diagnosed as labelled: crashes, kinds, primary kind, top frames', async () => {
    const {report, problems} = await diagnoseLog([label.path])
    expect(problems).toEqual([])
    const expectedCrashes = label.crashes === 0 && !label.kinds.includes('none') ? 1 : label.crashes
    expect(report.crashes).toHaveLength(expectedCrashes)
    if (label.kinds.includes('none')) return
    expect([...new Set(report.crashes.flatMap((c) => c.kinds))].sort()).toEqual([...label.kinds].sort())
    expect(report.crashes[0]!.kind).toBe(label.primary)
    if (label.topFrames.length === 0) return
    const found = report.crashes.flatMap((c) => c.topFrames)
    const labelled = label.topFrames.map(normaliseFunction)
    expect(labelled.some((f) => found.includes(f)), `top frames ${found.join(', ')}`).toBe(true)
  })
})
