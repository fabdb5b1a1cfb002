import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {goPanicFormat} from '../../../analyzer/formats/go-panic.js'
import {goStackFormat} from '../../../analyzer/formats/go-stack.js'
import {goTracebackFormat} from '../../../analyzer/formats/go-traceback.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const GO_FORMATS = [goPanicFormat, goTracebackFormat, goStackFormat]
const parse = (...lines: string[]) => parseLines(GO_FORMATS, linesOf(lines.join('\n')))

const CGO_SEGV_TAIL = [
  '',
  'runtime stack:',
  'runtime.throw({0x18df1b9, 0x7f23ff7fe580})',
  '\t/usr/local/go/src/runtime/panic.go:1198 +0x71',
  'runtime.sigpanic()',
  '\t/usr/local/go/src/runtime/signal_unix.go:719 +0x389',
  '',
  'goroutine 220 [syscall]:',
  'runtime.cgocall(0x130b969, 0xc00b12db58)',
  '\t/usr/local/go/src/runtime/cgocall.go:156 +0x5c fp=0xc00b12db30 sp=0xc00b12daf8 pc=0x4f4f1c',
  'example.com/rocks._Cfunc_rocksdb_write(0x7f246001ced0, 0x7f23f03a5b80, 0x7f23f04f3f30, 0xc00b80f488)',
  '\t_cgo_gotypes.go:4798 +0x45 fp=0xc00b12db58 sp=0xc00b12db30 pc=0x1157665',
  'example.com/rocks.(*DB).Write(0xc00b12dcd0, 0xc00cc1c5b8, 0x7)',
  '\tvendor/example.com/rocks/db.go:488 +0xd2 fp=0xc00b12dba8 sp=0xc00b12db58 pc=0x115ecb2',
]

describe('go-traceback', () => {
  test('concurrent map writes is a runtime throw: panic and abort', () => {
    const [e, ...rest] = parse(
      '2024/05/22 14:28:29.529101 partition.go:107: action[startHeartbeat] report inode stats every 1s',
      'fatal error: concurrent map writes',
      '',
      'goroutine 17 [running]:',
      'example.com/kv/meta.(*Partition).Apply(0xc000118000, 0x0?)',
      '\texample.com/kv/meta/partition.go:44 +0x8d',
      '',
      'goroutine 18 [runnable]:',
      'example.com/kv/meta.(*Partition).updateStats(...)',
      '\texample.com/kv/meta/partition.go:54',
    )
    expect(rest).toEqual([])
    expect(e).toMatchObject({format: 'go-traceback', kinds: ['panic', 'abort'], message: 'concurrent map writes', signal: null, firstLine: 2, lastLine: 10})
    expect(e!.frames.map((f) => f.function)).toEqual(['example.com/kv/meta.(*Partition).Apply'])
    expect(e!.facts).toMatchObject({goroutines: 2, goroutineStates: 'running: 1, runnable: 1'})
  })

  test('the runtime running out of memory is an OOM with the size it asked for', () => {
    const [e] = parse(
      'runtime: out of memory: cannot allocate 6442450944-byte block (3964928 in use)',
      'fatal error: out of memory',
      '',
      'goroutine 1 [running]:',
      'runtime.throw({0x4b7ac6?, 0xc00010a240?})',
      '\truntime/panic.go:1047 +0x5d fp=0xc000068db0 sp=0xc000068d80 pc=0x432a3d',
      'main.loadFile(0xc0000600f0)',
      '\t/src/load.go:68 +0x105 fp=0xc000068f00 sp=0xc000068ea0 pc=0x498e85',
    )
    expect(e).toMatchObject({kinds: ['oom'], message: 'out of memory', firstLine: 1, lastLine: 8})
    expect(e!.facts.allocBytes).toBe(6442450944)
    expect(e!.frames[1]).toMatchObject({function: 'main.loadFile', address: '0x498e85'})
  })

  test('a lone "fatal error: runtime: out of memory" in a journal is an OOM crash', () => {
    const [e, ...rest] = parse(
      'Sep 29 03:18:58 host4 prometheus[3055]: level=info ts=2020-09-29T10:18:58.875Z caller=main.go:673 msg="Server is ready"',
      'Sep 29 03:25:00 host4 prometheus[3055]: fatal error: runtime: out of memory',
      'Sep 29 03:25:01 host4 systemd[1]: prometheus.service: main process exited, code=exited, status=2/INVALIDARGUMENT',
    )
    expect(rest).toEqual([])
    expect(e).toMatchObject({kinds: ['oom'], message: 'runtime: out of memory', firstLine: 2, lastLine: 2, frames: []})
  })

  test('a signal in cgo code is a SIGSEGV: system stack first, then the [syscall] goroutine', () => {
    const [e] = parse('fatal error: unexpected signal during runtime execution', '[signal SIGSEGV: segmentation violation code=0x80 addr=0x0 pc=0x7f5a472d1927]', ...CGO_SEGV_TAIL)
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', faultAddress: '0x0', message: 'unexpected signal during runtime execution', lastLine: 16})
    expect(e!.frames.map((f) => f.function)).toEqual(['runtime.throw', 'runtime.sigpanic', 'runtime.cgocall', 'example.com/rocks._Cfunc_rocksdb_write', 'example.com/rocks.(*DB).Write'])
    expect(e!.facts).toMatchObject({crashingGoroutine: 220, signalCode: '0x80'})
  })

  test('a paste that starts at the [signal line is still a SIGSEGV with its fault address', () => {
    const [e] = parse('[signal SIGSEGV: segmentation violation code=0x1 addr=0x50 pc=0x139877f]', ...CGO_SEGV_TAIL)
    expect(e).toMatchObject({kinds: ['sigsegv'], faultAddress: '0x50', firstLine: 1, message: 'SIGSEGV: segmentation violation code=0x1 addr=0x50 pc=0x139877f'})
    expect(e!.frames[3]!.function).toBe('example.com/rocks._Cfunc_rocksdb_write')
  })

  test('a fault on a truncated mmap is a SIGBUS at the faulting address', () => {
    const [e] = parse(
      'unexpected fault address 0x7f6a0fd00000',
      'fatal error: fault',
      '[signal SIGBUS: bus error code=0x2 addr=0x7f6a0fd00000 pc=0x49a546]',
      '',
      'goroutine 1 [running]:',
      'main.readSnapshot(0xc0000800f0)',
      '\t/src/snapshot.go:218 +0x4e6 fp=0xc000088f00 sp=0xc000088e18 pc=0x49a546',
    )
    expect(e).toMatchObject({kinds: ['sigbus'], signal: 'SIGBUS', faultAddress: '0x7f6a0fd00000', message: 'fault', firstLine: 1})
  })

  test('a cgo SIGILL without a Go header: signal, program counter, cgo note', () => {
    const [e] = parse(
      'SIGILL: illegal instruction',
      'PC=0x7f60fd0b2b82 m=0 sigcode=2',
      'signal arrived during cgo execution',
      '',
      'goroutine 1 [syscall, locked to thread]:',
      'runtime.cgocall(0x40ef4b, 0xc2080b5d80, 0x0)',
      '\t/usr/local/go/src/runtime/cgocall.go:130 +0xf5 fp=0xc2080b5d60 sp=0xc2080b5d38',
      'example.com/rocks._Cfunc_rocksdb_options_create(0x0)',
      '\t_cgo_gotypes.go:690 +0x4d fp=0xc2080b5d80 sp=0xc2080b5d60',
      '',
      'rax    0x0',
      'rip    0x7f60fd0b2b82',
    )
    expect(e).toMatchObject({kinds: ['sigill'], signal: 'SIGILL', message: 'SIGILL: illegal instruction', lastLine: 12})
    expect(e!.facts).toMatchObject({cgo: true, pc: '0x7f60fd0b2b82'})
  })

  test('the crashing goroutine of a cgo crash on a non-Go thread is the first one in [syscall]', () => {
    const [e] = parse(
      'SIGSEGV: segmentation violation',
      'PC=0x0 m=5 sigcode=1 addr=0x18',
      '',
      'goroutine 0 [idle]:',
      'runtime: unknown pc 0x0',
      '',
      'goroutine 41 [syscall]:',
      'example.com/index._Cfunc_Deserialize(0x7f039e31934a)',
      '\t_cgo_gotypes.go:112 +0x4b',
      '',
      'goroutine 1 [chan receive]:',
      'main.main()',
      '\t/src/main.go:40 +0x2a',
    )
    expect(e).toMatchObject({kinds: ['sigsegv'], faultAddress: '0x18'})
    expect(e!.facts.crashingGoroutine).toBe(41)
    expect(e!.frames.map((f) => f.function)).toEqual(['example.com/index._Cfunc_Deserialize'])
  })

  test('old runtimes printed the signal as a number', () => {
    const [e] = parse('panic: runtime error: invalid memory address or nil pointer dereference', '[signal 0xb code=0x1 addr=0x0 pc=0x4010b5]')
    expect(e).toMatchObject({format: 'go-panic', kinds: ['panic', 'sigsegv'], signal: 'SIGSEGV', faultAddress: '0x0'})
  })

  test('a SIGQUIT goroutine dump is not a crash, and none of its goroutines starts one', () => {
    const events = parse('SIGQUIT: quit', 'PC=0x46a4e1 m=0 sigcode=0', '', 'goroutine 0 [idle]:', 'runtime.futex(0x8d2b28, 0x80, 0x0)', '\t/usr/local/go/src/runtime/sys_linux_amd64.s:553 +0x21', '', 'goroutine 1 [select]:', 'main.main()', '\t/src/main.go:40 +0x2a')
    expect(events).toEqual([])
  })

  test('a Java service wrapper prefix on every line is set aside', () => {
    const wrap = (t: string) => `INFO   | jvm 1    | 2017/12/01 06:47:30 | ${t}`
    const [e] = parse(
      ...['fatal error: concurrent map iteration and map write', '', 'goroutine 36 [running]:', 'runtime.throw(0xc4f91f, 0x26)', '\t/go/src/runtime/panic.go:596 +0x9c fp=0xc04220bd10 sp=0xc04220bcf0', 'example.com/topo.(*Topology).Vacuum(0xc0421ed040)', '\t/go/src/example.com/topo/vacuum.go:93 +0x3d9'].map(wrap),
    )
    expect(e).toMatchObject({kinds: ['panic', 'abort'], message: 'concurrent map iteration and map write', lastLine: 7})
    expect(e!.frames.map((f) => f.function)).toEqual(['runtime.throw', 'example.com/topo.(*Topology).Vacuum'])
  })

  test('application log lines that say "fatal error", "out of memory" or "SIGSEGV" are not runtime output', () => {
    const events = parse(
      '2024/05/22 14:28:29.529101 [ERROR] config.go:12: fatal error: cannot read /etc/kv.toml',
      '[ERROR] fatal error: upstream closed',
      'E0522 14:28:29.529102 1 alloc.go:40] runtime: out of memory while compacting, retrying',
      '2024/05/22 14:28:29.529103 server.go:251: WARN: previous instance exited with signal SIGSEGV 3 days ago',
      'ts=2022-01-24T23:21:07.523Z level=error msg="compaction failed" err="mmap, size 536867902: cannot allocate memory"',
      'Go runtime: go1.21.5, GOMAXPROCS=8',
    )
    expect(events).toEqual([])
  })
})

describe('a signal line whose panic: line was lost', () => {
  const goFault = (state: string, top: string) => parse(
    '[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x8a1b2c]',
    '',
    `goroutine 42 [${state}]:`,
    top,
    '\t/src/example.com/store/partition.go:310 +0x1c',
    'example.com/store.(*applier).loop(0xc0001a2000)',
    '\t/src/example.com/store/apply.go:88 +0x9d',
  )

  test('a fault in Go code of the running goroutine is the panic the runtime made of it', () => {
    const [e] = goFault('running', 'example.com/store.(*Partition).Apply(0x0, 0xc000123400)')
    expect(e?.kinds).toEqual(['sigsegv', 'panic'])
    expect(e?.facts.panicFromSignal).toBe(true)
  })

  test('in cgo, in the runtime or behind a runtime stack it stays a signal', () => {
    expect(goFault('syscall', 'example.com/store._Cfunc_rocksdb_write(0x1)')[0]?.kinds).toEqual(['sigsegv'])
    expect(goFault('running', 'runtime.memmove(0x1, 0x2, 0x3)')[0]?.kinds).toEqual(['sigsegv'])
    expect(parse('[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x8a1b2c]', ...CGO_SEGV_TAIL)[0]?.kinds).toEqual(['sigsegv'])
  })
})
