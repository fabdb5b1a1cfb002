import {describe, expect, test} from 'vitest'
import {redisBugReportFormat} from '../../../analyzer/formats/redis-bug-report.js'
import {eventsOf, expectPatternTable, functionsOf, onlyEvent} from './postmortem-test-helpers.js'

const REPORT = `4117:M 03 Jan 2024 09:12:01.100 * Background saving terminated with success
4117:M 03 Jan 2024 09:12:07.431 # === REDIS BUG REPORT START: Cut & paste starting from here ===
4117:M 03 Jan 2024 09:12:07.431 #     Redis 6.2.14 crashed by signal: 11, si_code: 1
4117:M 03 Jan 2024 09:12:07.431 #     Accessing address: 0x18
4117:M 03 Jan 2024 09:12:07.431 #     Crashed running the instruction at: 0x55f0a1b2c3d4

------ STACK TRACE ------
EIP:
/usr/local/bin/redis-server *:6379(streamGetEdgeID+0x24)[0x55f0a1b2c3d4]

Backtrace:
/usr/local/bin/redis-server *:6379(logStackTrace+0x32)[0x55f0a1a00032]
/usr/local/bin/redis-server *:6379(sigsegvHandler+0xa1)[0x55f0a1a000a1]
/lib/x86_64-linux-gnu/libpthread.so.0(+0x14420)[0x7f2b3c414420]
/usr/local/bin/redis-server *:6379(streamGetEdgeID+0x24)[0x55f0a1b2c3d4]
/usr/local/bin/redis-server *:6379(xinfoCommand+0x5e1)[0x55f0a1b3d5e1]

------ INFO OUTPUT ------
# Server
redis_version:6.2.14
used_memory:1048576

------ REGISTERS ------
RAX:0000000000000000 RBX:00007f2b3c000000

=== REDIS BUG REPORT END. Make sure to include from START to END. ===

       Please report the crash by opening an issue on github:
4200:C 03 Jan 2024 09:12:09.001 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo
`

describe('redis-bug-report', () => {
  test('its pattern table proves itself', () => expectPatternTable(redisBugReportFormat))

  test('a full report: signal, fault address, backtrace frames, START..END', () => {
    const e = onlyEvent(redisBugReportFormat, REPORT)
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', faultAddress: '0x18', pid: 4117, runtime: 'c', firstLine: 2, lastLine: 26})
    expect(e.message).toBe('Redis 6.2.14 crashed by signal: 11, si_code: 1')
    expect(functionsOf(e)).toEqual(['logStackTrace', 'sigsegvHandler', '??', 'streamGetEdgeID', 'xinfoCommand'])
    expect(e.frames[0]?.module).toBe('/usr/local/bin/redis-server')
    expect(e.facts.version).toBe('6.2.14')
  })

  test('relayed through supervisord/syslog and truncated: the EIP frame stands in for the stack', () => {
    const relayed = REPORT.split('\n').slice(1, 10).map((l) => `May 25 00:50:27.794220 host-1 INFO supervisord: redis-server ${l}`).join('\n')
    const e = onlyEvent(redisBugReportFormat, relayed)
    expect(e.kinds).toEqual(['sigsegv'])
    expect(functionsOf(e)).toEqual(['streamGetEdgeID'])
    expect(e.lastLine).toBe(9)
  })

  test('an assertion report is an abort with the assertion as message', () => {
    const text = '4117:M 03 Jan 2024 09:12:07.431 # === ASSERTION FAILED ===\n4117:M 03 Jan 2024 09:12:07.431 # ==> t_stream.c:1234 \'lp != NULL\' is not true\n'
    const e = onlyEvent(redisBugReportFormat, text)
    expect(e.kinds).toEqual(['abort'])
    expect(e.message).toBe("t_stream.c:1234 'lp != NULL' is not true")
  })

  test('a healthy Redis log yields nothing', () => {
    const healthy = [
      '4117:M 03 Jan 2024 09:12:01.100 * Background saving terminated with success',
      '4117:M 03 Jan 2024 09:12:01.200 # WARNING overcommit_memory is set to 0! Background save may fail under low memory condition.',
      '4117:M 03 Jan 2024 09:12:01.300 # Received SIGTERM scheduling shutdown...',
    ].join('\n')
    expect(eventsOf(redisBugReportFormat, healthy)).toEqual([])
  })
})
