import {describe, expect, test} from 'vitest'
import {kindOfSignal, normaliseSignal} from '../../../analyzer/formats/native-signals.js'

describe('normaliseSignal', () => {
  test.each([
    ['SIGSEGV', 'SIGSEGV'],
    ['SEGV', 'SIGSEGV'],
    ['(SEGV)', 'SIGSEGV'],
    ['signal 11', 'SIGSEGV'],
    ['11', 'SIGSEGV'],
    ['Segmentation fault', 'SIGSEGV'],
    ['Segmentation fault (core dumped)', 'SIGSEGV'],
    ['ABRT', 'SIGABRT'],
    ['Aborted', 'SIGABRT'],
    ['SIGIOT', 'SIGABRT'],
    ['6', 'SIGABRT'],
    ['Bus error', 'SIGBUS'],
    ['Illegal instruction', 'SIGILL'],
    ['Floating point exception', 'SIGFPE'],
    ['signal 5', 'SIGTRAP'],
    ['Killed', 'SIGKILL'],
  ])('%s -> %s', (text, name) => {
    expect(normaliseSignal(text)).toBe(name)
  })

  test('text naming no signal gives null', () => {
    expect(normaliseSignal('SIGNOPE')).toBeNull()
    expect(normaliseSignal('segfault handler installed')).toBeNull()
    expect(normaliseSignal('99')).toBeNull()
  })
})

describe('kindOfSignal', () => {
  test('maps crash signals to kinds', () => {
    expect(kindOfSignal('SIGSEGV')).toBe('sigsegv')
    expect(kindOfSignal('SIGABRT')).toBe('abort')
    expect(kindOfSignal('SIGBUS')).toBe('sigbus')
    expect(kindOfSignal('SIGILL')).toBe('sigill')
    expect(kindOfSignal('SIGFPE')).toBe('sigfpe')
  })

  test('a trap instruction counts as sigill, kill and term are no crash kind', () => {
    expect(kindOfSignal('SIGTRAP')).toBe('sigill')
    expect(kindOfSignal('SIGKILL')).toBeNull()
    expect(kindOfSignal('SIGTERM')).toBeNull()
  })

  test('accepts unnormalised names', () => {
    expect(kindOfSignal('Segmentation fault')).toBe('sigsegv')
    expect(kindOfSignal('signal 6')).toBe('abort')
  })
})
