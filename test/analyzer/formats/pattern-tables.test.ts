import {describe, expect, test} from 'vitest'
import {TRACE_FORMATS} from '../../../analyzer/formats/registry.js'
import {makeLine} from '../../../analyzer/lines/line.js'

// The meta-test over every registered trace format: tables are data, and their examples prove them.

test('the registry holds formats with unique ids', () => {
  expect(TRACE_FORMATS.length).toBeGreaterThan(0)
  const ids = TRACE_FORMATS.map((f) => f.id)
  expect(new Set(ids).size).toBe(ids.length)
})

describe.each(TRACE_FORMATS.map((f) => [f.id, f] as const))('format %s', (_id, format) => {
  test('has triggers and a pattern table with examples', () => {
    expect(format.triggers.length).toBeGreaterThan(0)
    expect(Object.keys(format.patterns).length).toBeGreaterThan(0)
    for (const [name, entry] of Object.entries(format.patterns)) expect(entry.examples.length, name).toBeGreaterThan(0)
  })

  test('every pattern matches each of its examples', () => {
    for (const [name, entry] of Object.entries(format.patterns)) {
      for (const example of entry.examples) {
        entry.re.lastIndex = 0
        expect(entry.re.test(example), `${name}: ${example}`).toBe(true)
      }
    }
  })

  test('some example starts a trace, and every line detect accepts holds a trigger', () => {
    const examples = Object.values(format.patterns).flatMap((e) => e.examples)
    const starting = examples.filter((e) => format.detect(makeLine(e, 1, 0)))
    expect(starting.length).toBeGreaterThan(0)
    for (const e of starting) expect(format.triggers.some((t) => e.includes(t)), e).toBe(true)
  })
})
