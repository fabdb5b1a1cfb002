import {expect, test} from 'vitest'
import {neutralise} from '../../cli/ui/sanitize.js'

test('escape sequences, carriage returns and bidi overrides become visible text', () => {
  expect(neutralise('ok\x1b[2J\x1b]0;pwned\x07 done\r')).toBe('ok\\x1b[2J\\x1b]0;pwned\\x07 done\\x0d')
  expect(neutralise('a\u202eb\u0085')).toBe('a\\u{202e}b\\x85')
})

test('tabs and ordinary text, including non-ASCII, are kept', () => {
  expect(neutralise('\tpath/é/文件.go:12')).toBe('\tpath/é/文件.go:12')
})
