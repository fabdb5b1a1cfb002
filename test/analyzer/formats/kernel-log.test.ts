import {describe, expect, test} from 'vitest'
import {kernelLogFormat} from '../../../analyzer/formats/kernel-log.js'
import {eventsOf, expectPatternTable, functionsOf, onlyEvent} from './postmortem-test-helpers.js'

const OOM = `Nov 21 16:47:01 node-3 kernel: [812345.100001] replica_server invoked oom-killer: gfp_mask=0x100cca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0
Nov 21 16:47:01 node-3 kernel: [812345.100050] CPU: 7 PID: 5123 Comm: replica_server Not tainted 5.15.0-91-generic #101-Ubuntu
Nov 21 16:47:01 node-3 kernel: [812345.100070] Call Trace:
Nov 21 16:47:01 node-3 kernel: [812345.100072]  <TASK>
Nov 21 16:47:01 node-3 kernel: [812345.100080]  dump_stack_lvl+0x4a/0x63
Nov 21 16:47:01 node-3 kernel: [812345.100090]  oom_kill_process.cold+0xb/0x10
Nov 21 16:47:01 node-3 collectd[900]: write_graphite plugin: send failed
Nov 21 16:47:01 node-3 kernel: [812345.100200] Mem-Info:
Nov 21 16:47:01 node-3 kernel: [812345.100300] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name
Nov 21 16:47:01 node-3 kernel: [812345.100301] [   5123]   998  5123 16123456 15900000 130000000        0             0 replica_server
Nov 21 16:47:01 node-3 kernel: [812345.100400] oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/system.slice/kv.service,task=replica_server,pid=5123,uid=998
Nov 21 16:47:01 node-3 kernel: [812345.100401] Out of memory: Killed process 5123 (replica_server) total-vm:64493824kB, anon-rss:63600000kB, file-rss:0kB, shmem-rss:0kB, UID:998 pgtables:127000kB oom_score_adj:0
Nov 21 16:47:02 node-3 kernel: [812345.900000] oom_reaper: reaped process 5123 (replica_server), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB
Nov 21 16:47:05 node-3 systemd[1]: kv.service: Main process exited, code=killed, status=9/KILL
`

const OOPS = `[ 9123.000001] BUG: kernel NULL pointer dereference, address: 0000000000000008
[ 9123.000010] #PF: supervisor read access in kernel mode
[ 9123.000020] Oops: 0000 [#1] SMP PTI
[ 9123.000030] CPU: 2 PID: 4242 Comm: kworker/2:1 Tainted: G           OE     5.4.0-150-generic #167-Ubuntu
[ 9123.000040] RIP: 0010:xfs_trans_free_items+0x25/0x90 [xfs]
[ 9123.000050] Call Trace:
[ 9123.000060]  xfs_trans_cancel+0x54/0x120 [xfs]
[ 9123.000061]  ? __schedule+0x2d3/0x860
[ 9123.000062]  xfs_inactive+0x10e/0x160 [xfs]
[ 9123.000070] ---[ end trace 3c2a1d0e9f8b7a61 ]---
[ 9125.000000] e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex
`

describe('kernel-log', () => {
  test('its pattern table proves itself', () => expectPatternTable(kernelLogFormat))

  test('a dmesg segfault line is one terminal sigsegv with pid, fault address and module', () => {
    const text = 'Nov 21 16:47:01 node-3 kernel: [123456.789012] replica_server[4242]: segfault at 0 ip 00007f3a1c2b3d4e sp 00007ffd5e6f7a80 error 4 in librocksdb.so.8[7f3a1c000000+1200000]\nNov 21 16:47:01 node-3 kernel: [123456.789020] Code: 48 8b 07 c3 0f 1f 44 00 00 <48> 8b 47 08 c3\n'
    const e = onlyEvent(kernelLogFormat, text)
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', pid: 4242, faultAddress: '0x0', terminal: true, firstLine: 1, lastLine: 2})
    expect(e.frames).toEqual([{function: '??', module: 'librocksdb.so.8', address: '0x00007f3a1c2b3d4e'}])
    expect(e.facts.process).toBe('replica_server')
  })

  test('traps: general protection, invalid opcode and divide error map to sigsegv, sigill, sigfpe', () => {
    const text = [
      'traps: kvserver[5405] general protection fault ip:7f1df20b5f4b sp:7ffe2c1d9e70 error:0 in libc.so.6[7f1df2028000+155000]',
      'traps: kvserver[5406] trap invalid opcode ip:55d0c2a1b3c4 sp:7ffe2c1d9e70 error:0 in kvserver[55d0c2a00000+200000]',
      'traps: kvserver[5407] trap divide error ip:55d0c2a1b3c4 sp:7ffe2c1d9e70 error:0 in kvserver[55d0c2a00000+200000]',
    ].join('\n')
    const events = eventsOf(kernelLogFormat, text)
    expect(events.map((e) => [e.pid, e.signal, e.kinds[0]])).toEqual([
      [5405, 'SIGSEGV', 'sigsegv'],
      [5406, 'SIGILL', 'sigill'],
      [5407, 'SIGFPE', 'sigfpe'],
    ])
  })

  test('the OOM killer report is one oom incident naming the victim', () => {
    const e = onlyEvent(kernelLogFormat, OOM)
    expect(e).toMatchObject({kinds: ['oom'], signal: 'SIGKILL', pid: 5123, firstLine: 1, lastLine: 13})
    expect(e.message).toBe('Out of memory: Killed process 5123 (replica_server)')
    expect(e.facts).toMatchObject({process: 'replica_server', invoker: 'replica_server', constraint: 'CONSTRAINT_NONE', anonRssKb: 63600000})
    expect(e.evidence.map((x) => x.line.lineNo)).toEqual([1, 11, 12, 13])
  })

  test('a second OOM kill later is a second incident; a cut report still counts', () => {
    const second = OOM.replaceAll('5123', '6001').split('\n').slice(0, 3).join('\n')
    const events = eventsOf(kernelLogFormat, OOM + second)
    expect(events.map((e) => e.pid)).toEqual([5123, null])
    expect(events[1]?.kinds).toEqual(['oom'])
  })

  test('a cgroup OOM kill in an older kernel\'s wording', () => {
    const e = onlyEvent(kernelLogFormat, 'Memory cgroup out of memory: Kill process 3131 (java) score 1000 or sacrifice child\nKilled process 3131 (java) total-vm:8000000kB, anon-rss:4000000kB, file-rss:0kB\n')
    expect(e).toMatchObject({pid: 3131, kinds: ['oom']})
    expect(e.facts.cgroup).toBe(true)
  })

  test('a kernel oops: NULL dereference with RIP and call trace, unreliable frames dropped', () => {
    const e = onlyEvent(kernelLogFormat, OOPS)
    expect(e).toMatchObject({kinds: ['sigsegv'], runtime: 'c', faultAddress: '0x8', firstLine: 1, lastLine: 10})
    expect(functionsOf(e)).toEqual(['xfs_trans_free_items', 'xfs_trans_cancel', 'xfs_inactive'])
    expect(e.frames[0]?.module).toBe('xfs')
    expect(e.facts).toMatchObject({task: 'kworker/2:1', taskPid: 4242})
  })

  test('healthy logs talking about memory, kills and bugs yield nothing', () => {
    const healthy = [
      'ERROR compaction failed: Out of memory while allocating 64MB block, retrying',
      'INFO java.lang.OutOfMemoryError handler registered',
      'INFO operator Killed process group of the old sidecar',
      'WARN BUG: this should not happen but we continue',
      'INFO general protection fault counters reset',
      'kernel: e1000e: eth0 NIC Link is Up',
    ].join('\n')
    expect(eventsOf(kernelLogFormat, healthy)).toEqual([])
  })
})
