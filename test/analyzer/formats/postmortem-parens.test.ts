import {expect, test} from 'vitest'
import {parenDepth, trailingGroupStart} from '../../../analyzer/formats/postmortem-frames.js'

test('paren depth counts open groups at the end, skipping quoted strings', () => {
  expect(parenDepth('#3  0x00 in f (this=0x1, name=')).toBe(1)
  expect(parenDepth('f (a=0x1, s="x)(") at a.cc:3')).toBe(0)
  expect(parenDepth('f (s="say \\"(\\"", b=')).toBe(1)
  expect(parenDepth('))')).toBe(0)
})

test('the trailing group starts at its balanced open paren, or -1', () => {
  expect(trailingGroupStart('f(int) (x=1)')).toBe(7)
  expect(trailingGroupStart('f(int)')).toBe(1)
  expect(trailingGroupStart('f (s=")(")')).toBe(2)
  expect(trailingGroupStart('f(int')).toBe(-1)
  expect(trailingGroupStart('x) (y)')).toBe(-1)
  expect(trailingGroupStart('f(int) x')).toBe(-1)
})
