import {describe, expect, test} from 'vitest'
import {coredumpctlFormat} from '../../../analyzer/formats/coredumpctl.js'
import {eventsOf, expectPatternTable, functionsOf, onlyEvent} from './postmortem-test-helpers.js'

const INFO = `           PID: 7301 (kvserver)
           UID: 997 (kv)
           GID: 997 (kv)
        Signal: 11 (SEGV)
     Timestamp: Tue 2024-05-21 14:28:29 UTC (2h 3min ago)
  Command Line: /opt/kv/bin/kvserver --config /etc/kv/replica.ini
    Executable: /opt/kv/bin/kvserver
 Control Group: /system.slice/kv-replica.service
          Unit: kv-replica.service
      Hostname: kv-node-07
       Storage: /var/lib/systemd/coredump/core.kvserver.997.b1d2.7301.1716301709000000.zst (present)
       Message: Process 7301 (kvserver) of user 997 dumped core.

                Module libc.so.6 with build-id 0c8b2e0c3e1f7a8b9c0d
                Stack trace of thread 7310:
                #0  0x000055d0c2a1b3c4 _ZN2kv10wal_writer6appendERKNS_6recordE (kvserver + 0x41b3c4)
                #1  0x000055d0c2a1c000 _ZN2kv10wal_writer4loopEv (kvserver + 0x41c000)
                #2  0x00007f5a1c2a71f5 start_thread (libc.so.6 + 0x891f5)
                #3  0x00007f5a1c3278ec __clone3 (libc.so.6 + 0x1098ec)

                Stack trace of thread 7301:
                #0  0x00007f5a1c2e3f1d __futex_abstimed_wait_common (libc.so.6 + 0xc5f1d)
                #1  0x000055d0c2a00111 main (kvserver + 0x400111)
                ELF object binary architecture: AMD x86-64
`

const JOURNAL = `May 21 14:28:29 kv-node-07 systemd-coredump[7400]: Process 7301 (kvserver) of user 997 dumped core.
May 21 14:28:29 kv-node-07 systemd-coredump[7400]: Stack trace of thread 7310:
May 21 14:28:29 kv-node-07 systemd-coredump[7400]: #0  0x00007f5a1c2a3e75 raise (libc.so.6 + 0x3e2e5)
May 21 14:28:29 kv-node-07 systemd-coredump[7400]: #1  0x00007f5a1c28e95e abort (libc.so.6 + 0x2695e)
May 21 14:28:29 kv-node-07 systemd-coredump[7400]: #2  0x000055d0c2a1b3c4 n/a (kvserver + 0x41b3c4)
May 21 14:28:30 kv-node-07 systemd[1]: kv-replica.service: Main process exited, code=dumped, status=6/ABRT
May 21 14:28:30 kv-node-07 systemd[1]: kv-replica.service: Failed with result 'core-dump'.
`

describe('coredumpctl', () => {
  test('its pattern table proves itself', () => expectPatternTable(coredumpctlFormat))

  test('coredumpctl info: pid, signal, the first thread\'s frames, facts', () => {
    const e = onlyEvent(coredumpctlFormat, INFO)
    expect(e.kinds).toEqual(['sigsegv'])
    expect(e.signal).toBe('SIGSEGV')
    expect(e.pid).toBe(7301)
    expect(e.runtime).toBe('cpp')
    expect(e.message).toBe('Process 7301 (kvserver) of user 997 dumped core.')
    expect(functionsOf(e)).toEqual(['_ZN2kv10wal_writer6appendERKNS_6recordE', '_ZN2kv10wal_writer4loopEv', 'start_thread', '__clone3'])
    expect(e.frames[2]).toMatchObject({module: 'libc.so.6', address: '0x00007f5a1c2a71f5'})
    expect(e.facts).toMatchObject({process: 'kvserver', crashThread: 7310, threads: 2, executable: '/opt/kv/bin/kvserver', unit: 'kv-replica.service'})
    expect([e.firstLine, e.lastLine]).toEqual([1, 24])
  })

  test('journald lines with syslog prefixes and the unit exit give one abort', () => {
    const e = onlyEvent(coredumpctlFormat, JOURNAL)
    expect(e.kinds).toEqual(['abort'])
    expect(e.signal).toBe('SIGABRT')
    expect(e.pid).toBe(7301)
    expect(functionsOf(e)).toEqual(['raise', 'abort', '??'])
    expect(e.lastLine).toBe(6)
  })

  test('a record cut before its stack still reports the dump', () => {
    const e = onlyEvent(coredumpctlFormat, INFO.split('\n').slice(0, 6).join('\n'))
    expect(e.kinds).toEqual(['sigsegv'])
    expect(e.frames).toEqual([])
  })

  test('a unit killed by SIGSEGV is a crash; SIGKILL and clean exits are not', () => {
    const lines = [
      'systemd[1]: kv-meta.service: Main process exited, code=killed, status=11/SEGV',
      'systemd[1]: kv-meta.service: Main process exited, code=killed, status=9/KILL',
      'systemd[1]: kv-meta.service: Main process exited, code=exited, status=2/INVALIDARGUMENT',
    ]
    const events = eventsOf(coredumpctlFormat, lines.join('\n'))
    expect(events.map((e) => [e.firstLine, e.kinds])).toEqual([[1, ['sigsegv']]])
  })

  test('two dumps of different processes are two events', () => {
    const second = JOURNAL.replaceAll('7301', '7302').split('\n').slice(0, 5).join('\n')
    expect(eventsOf(coredumpctlFormat, JOURNAL.split('\n').slice(0, 5).join('\n') + '\n' + second)).toHaveLength(2)
  })

  test('healthy lines with PID: and stack words yield nothing', () => {
    const healthy = ['INFO server started, PID: 4242 (pid file /run/kv.pid)', 'Stack trace of thread pool sizes: 4', 'PID: 12 (cron) would have dumped core if enabled'].join('\n')
    expect(eventsOf(coredumpctlFormat, healthy)).toEqual([])
  })
})
