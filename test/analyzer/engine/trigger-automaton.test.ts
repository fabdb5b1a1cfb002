import {expect, test} from 'vitest'
import {TriggerAutomaton} from '../../../analyzer/engine/trigger-automaton.js'

const words = ['panic: ', 'fatal error: ', 'Attempt to free invalid pointer', '*** Aborted at ', 'he', 'she', 'hers']
const automaton = new TriggerAutomaton(words)
const b = (s: string) => Buffer.from(s)

test('finds the first trigger and counts the lines before it', () => {
  const text = b('ok\nstill ok\nx panic: boom\nfatal error: later\n')
  expect(automaton.scan(text, 0, text.length)).toEqual({end: text.indexOf('panic: ') + 7, newlines: 2, longLines: 0})
})

test('overlapping words are found as Aho-Corasick finds them', () => {
  const text = b('ushers')
  expect(automaton.scan(text, 0, text.length).end).toBe(4)
})

test('a trigger never spans a newline', () => {
  const text = b('pan\nic: no\n*** Aborted\n at 1\n')
  expect(automaton.scan(text, 0, text.length)).toEqual({end: -1, newlines: 4, longLines: 0})
})

test('agrees with a plain substring search on random text', () => {
  const alphabet = 'panic: fatlerorAtmp\n*s'
  let seed = 7
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let round = 0; round < 300; round++) {
    const text = Array.from({length: 200}, () => alphabet[Math.floor(rand() * alphabet.length)]).join('')
    const expected = Math.min(...words.map((w) => text.indexOf(w)).filter((i) => i >= 0).map((i) => i), Infinity)
    const hit = automaton.scan(b(text), 0, text.length)
    if (expected === Infinity) expect(hit.end).toBe(-1)
    else expect(text.slice(0, hit.end).split('').length).toBeGreaterThan(expected)
    if (hit.end !== -1) expect(words.some((w) => text.slice(0, hit.end).endsWith(w))).toBe(true)
  }
})

test('long lines are counted against the given limit', () => {
  const text = b(`${'x'.repeat(50)}\nshort\n${'y'.repeat(60)}`)
  expect(automaton.scan(text, 0, text.length, 40).longLines).toBe(2)
})
