// Shared checks for the post-mortem format tests: run one format over text, and prove its pattern table.
import {expect} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {linesOf, makeLine} from '../../../analyzer/lines/line.js'
import type {TraceEvent} from '../../../analyzer/model.js'
import type {TraceFormat} from '../../../analyzer/formats/types.js'

export function eventsOf(format: TraceFormat, text: string): TraceEvent[] {
  return parseLines([format], linesOf(text))
}

export function onlyEvent(format: TraceFormat, text: string): TraceEvent {
  const events = eventsOf(format, text)
  expect(events).toHaveLength(1)
  return events[0] as TraceEvent
}

/** What the registry meta-test checks, for a format not registered yet. */
export function expectPatternTable(format: TraceFormat): void {
  for (const [name, entry] of Object.entries(format.patterns)) {
    expect(entry.examples.length, name).toBeGreaterThan(0)
    for (const example of entry.examples) expect(entry.re.test(example), `${name}: ${example}`).toBe(true)
  }
  const examples = Object.values(format.patterns).flatMap((e) => e.examples)
  const starting = examples.filter((e) => format.detect(makeLine(e, 1, 0)))
  expect(starting.length).toBeGreaterThan(0)
  for (const e of starting) expect(format.triggers.some((t) => e.includes(t)), e).toBe(true)
}

export function functionsOf(event: TraceEvent): string[] {
  return event.frames.map((f) => f.function)
}
