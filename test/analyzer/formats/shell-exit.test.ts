import {describe, expect, test} from 'vitest'
import {shellExitFormat} from '../../../analyzer/formats/shell-exit.js'
import {eventsOf, expectPatternTable, onlyEvent} from './postmortem-test-helpers.js'

describe('shell-exit', () => {
  test('its pattern table proves itself', () => expectPatternTable(shellExitFormat))

  test('a bash job line: signal, pid, command, core dumped', () => {
    const text = 'W2024-05-22 14:28:29.529 (1716359309529123456 1b656) replica.io-thrd.1: slow io\n./bin/start.sh: line 88: 31337 Segmentation fault      (core dumped) ./replica_server -c etc/r2.ini\n'
    const e = onlyEvent(shellExitFormat, text)
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', pid: 31337, firstLine: 2, lastLine: 2, terminal: true})
    expect(e.facts).toEqual({command: './replica_server -c etc/r2.ini', script: './bin/start.sh', coreDumped: true})
    expect(e.message).toBe('./bin/start.sh: line 88: 31337 Segmentation fault (core dumped) ./replica_server -c etc/r2.ini')
  })

  test('bare messages, the interactive job table and zsh', () => {
    const text = [
      'Aborted (core dumped)',
      'Bus error',
      '[1]+  Illegal instruction     (core dumped) ./replica_server',
      'zsh: floating point exception  ./replica_server --bench',
      'replica-3 | Segmentation fault (core dumped)',
    ].join('\n')
    const events = eventsOf(shellExitFormat, text)
    expect(events.map((e) => e.kinds[0])).toEqual(['abort', 'sigbus', 'sigill', 'sigfpe', 'sigsegv'])
    expect(events[2]?.facts.command).toBe('./replica_server')
  })

  test('`Killed` says SIGKILL but no crash kind (an OOM kill or kill -9)', () => {
    const e = onlyEvent(shellExitFormat, './run.sh: line 3: 4100 Killed                  ./replica_server\n')
    expect(e.signal).toBe('SIGKILL')
    expect(e.kinds).toEqual([])
  })

  test('healthy lines that mention the words yield nothing', () => {
    const healthy = [
      'INFO installed handler: Segmentation fault will dump core',
      'Aborted compaction job 12 (manual stop)',
      'WARN task Killed by user request',
      'Killed 3 idle sessions',
      'zsh: command not found: kvctl',
    ].join('\n')
    expect(eventsOf(shellExitFormat, healthy)).toEqual([])
  })
})
