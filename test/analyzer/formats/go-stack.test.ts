import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {goPanicFormat} from '../../../analyzer/formats/go-panic.js'
import {goStackFormat} from '../../../analyzer/formats/go-stack.js'
import {goTracebackFormat} from '../../../analyzer/formats/go-traceback.js'
import {linesOf} from '../../../analyzer/lines/line.js'
import {expandRecord} from '../../../analyzer/lines/records.js'

const GO_FORMATS = [goPanicFormat, goTracebackFormat, goStackFormat]
const parse = (...lines: string[]) => parseLines(GO_FORMATS, linesOf(lines.join('\n')).flatMap(expandRecord))

const logLine = (i: number, msg: string) => `2024/05/22 14:28:${String(10 + (i % 50)).padStart(2, '0')}.529101 [INFO ] server.go:231: ${msg}`

const RECOVERED = [
  '2024/05/22 14:28:31.805927 [ERROR] server.go:237: recovered from panic in handler, continuing: runtime error: index out of range [2] with length 0',
  'goroutine 1 [running]:',
  'runtime/debug.Stack()',
  '\truntime/debug/stack.go:24 +0x65',
  'example.com/kv/server.serve.func1.1()',
  '\texample.com/kv/server/server.go:237 +0x4e',
  'panic({0x4af2c0, 0xc000118000})',
  '\truntime/panic.go:884 +0x212',
  'example.com/kv/server.serve.func1(0x71?)',
  '\texample.com/kv/server/server.go:244 +0x65',
  '',
]

describe('go-stack', () => {
  test('a recovered panic logged with debug.Stack() is a recovered, non-terminal panic', () => {
    const [e, ...rest] = parse(logLine(0, 'segment sealed'), ...RECOVERED, logLine(1, 'segment sealed'))
    expect(rest).toEqual([])
    expect(e).toMatchObject({
      format: 'go-stack',
      kinds: ['panic'],
      message: 'runtime error: index out of range [2] with length 0',
      recovered: true,
      terminal: false,
      firstLine: 2,
      lastLine: 11,
    })
    expect(e!.frames.map((f) => f.function)).toEqual(['runtime/debug.Stack', 'example.com/kv/server.serve.func1.1', 'panic', 'example.com/kv/server.serve.func1'])
    expect(e!.evidence[0]!.why).toBe('log line reporting the panic')
  })

  test('each logged stack is its own event', () => {
    const filler = Array.from({length: 10}, (_, i) => logLine(i, `segment ${i} sealed`))
    const events = parse(...RECOVERED, ...filler, ...RECOVERED, ...filler, ...RECOVERED)
    expect(events.map((e) => e.firstLine)).toEqual([1, 22, 43])
  })

  test('a one-line mention of a recovered panic, without a stack, is not a crash', () => {
    const events = parse(
      logLine(0, 'flags: --fatal-on-error=false --panic-on-corruption=false'),
      '2024/05/22 14:28:31.509115 server.go:239: WARN: recovered from panic in handler, continuing: runtime error: index out of range [3] with length 0',
      logLine(1, 'segment 0021 sealed for partition(5868), free space 574GB'),
      '2024/11/21 18:49:46.480423 [FATAL] alarm.go:48: master_warning addr[10.0.0.1:17310] has no response until time out',
      '{"level":"FATAL","time":"2020-08-27T08:55:14Z","error":{"message":"corrupted backend format","source":["app.go:500:cli.HandleAction()"]}}',
    )
    expect(events).toEqual([])
  })

  test('a structured record with the stack escaped in a field: recovered panic, message from err=', () => {
    const stack = ['[example.com/sql/server.(*conn).Run.func1', '\t/build/sql/server/conn.go:1059', 'runtime.gopanic', '\t/usr/local/go/src/runtime/panic.go:838', 'example.com/sql/terror.getCode', '\t/build/sql/terror/terror.go:228]']
    const record = `[2022/07/03 11:35:33.450 +00:00] [ERROR] [conn.go:1056] ["connection running loop panic"] [conn=17] [err="interface conversion: interface {} is nil, not terror.ErrClass"] [stack="${stack.join('\\n').replaceAll('\t', '\\t')}"]`
    const [e, ...rest] = parse(record)
    expect(rest).toEqual([])
    expect(e).toMatchObject({kinds: ['panic'], recovered: true, terminal: false, message: 'interface conversion: interface {} is nil, not terror.ErrClass', firstLine: 1, lastLine: 1})
    expect(e!.frames.map((f) => f.function)).toEqual(['example.com/sql/server.(*conn).Run.func1', 'runtime.gopanic', 'example.com/sql/terror.getCode'])
  })

  test('an error record with a stacktrace field but no panic is not a crash', () => {
    const events = parse('{"level":"error","ts":1716359309.5,"msg":"request failed","error":"context canceled","stacktrace":"example.com/kv/server.(*Server).handle\\n\\t/build/kv/server/server.go:88\\nexample.com/kv/server.(*Server).serve\\n\\t/build/kv/server/server.go:61"}')
    expect(events).toEqual([])
  })

  test('glog Fatalf from Go followed by its goroutine dump is a terminal panic', () => {
    const [e] = parse(
      'I0930 06:22:36.251570       1 log.go:34] rolling up lists',
      'F0930 06:22:36.251901       1 rollup.go:91] cannot read posting list: key not found',
      'goroutine 1 [running]:',
      'github.com/golang/glog.stacks(0xc000128300)',
      '\t/go/pkg/mod/github.com/golang/glog@v1.0.0/glog.go:769 +0x8a',
      'example.com/graph/posting.(*List).rollup(0xc0003f2000)',
      '\t/build/graph/posting/list.go:853 +0x1c2',
    )
    expect(e).toMatchObject({kinds: ['panic'], terminal: true, recovered: false, message: 'cannot read posting list: key not found', firstLine: 2, lastLine: 7})
    expect(e!.evidence[0]!.why).toBe('fatal log record before the stack')
  })

  test('log.Fatal with a pkg/errors stack: the frames of the last wrap are the crash site', () => {
    const [e] = parse(
      '2019/09/30 06:22:36 Key not found',
      'github.com/example/badger.init.ializers',
      '\t/go/src/github.com/example/badger/errors.go:36',
      'runtime.main',
      '\t/usr/local/go/src/runtime/proc.go:188',
      'runtime.goexit',
      '\t/usr/local/go/src/runtime/asm_amd64.s:1337',
      'github.com/example/graph/x.Check',
      '\t/go/src/github.com/example/graph/x/error.go:42',
      'github.com/example/graph/posting.(*List).rollup',
      '\t/go/src/github.com/example/graph/posting/list.go:853',
    )
    expect(e).toMatchObject({kinds: ['panic'], terminal: true, firstLine: 2, lastLine: 11})
    expect(e!.frames.map((f) => f.function)).toEqual(['github.com/example/graph/x.Check', 'github.com/example/graph/posting.(*List).rollup'])
    expect(e!.facts).toMatchObject({stackSegments: 2, headless: true})
  })

  test('a headless fragment of a goroutine stack is a panic', () => {
    const [e] = parse(
      'example.com/fs/proto.(*Packet).GetOpMsg(0x0, 0xc00b92c000, 0xc00d265dd0)',
      '    /build/fs/proto/packet.go:310 +0x5',
      'example.com/fs/sdk.(*Wrapper).SendTxPack(0xc000034c80, 0xcc8fc0, ...)',
      '    /build/fs/sdk/operation.go:264 +0x2d2',
    )
    expect(e).toMatchObject({kinds: ['panic'], message: null, firstLine: 1, lastLine: 4})
    expect(e!.frames[0]).toMatchObject({function: 'example.com/fs/proto.(*Packet).GetOpMsg', file: '/build/fs/proto/packet.go', line: 310})
    expect(e!.facts.headless).toBe(true)
  })

  test('a file:line caller list through runtime/panic.go keeps the frames below the panic', () => {
    const [e] = parse(
      'dTo]applied(96112591) is out of range [prevApplied(105291801), committed(105292441)])',
      '/build/raft/util/runtime.go:38',
      '/usr/local/go/src/runtime/panic.go:965',
      '/build/raft/raft_log.go:235',
      '/build/raft/raft_fsm.go:123',
    )
    expect(e).toMatchObject({kinds: ['panic'], firstLine: 3, lastLine: 5})
    expect(e!.frames.map((f) => f.function)).toEqual(['/build/raft/raft_log.go:235', '/build/raft/raft_fsm.go:123'])
  })

  test('a dump with a panic frame whose header was lost is a terminal panic', () => {
    const [e] = parse('goroutine 21 [running]:', 'runtime.panic(0x7ebf60, 0xefb097)', '\t/usr/lib/go/src/pkg/runtime/panic.c:266 +0xb6', 'example.com/raft.(*Log).commitInfo(0xc210053850, 0x0, 0x0)', '\t/build/raft/log.go:301 +0x2ac')
    expect(e).toMatchObject({kinds: ['panic'], recovered: false, terminal: true})
  })

  test('stacks a test prints on purpose with debug.PrintStack() are not crashes', () => {
    const events = parse(
      '\texample.com/blob/chunk/compact_test.go:634 +0x1fe',
      'created by example.com/blob/chunk.TestCompactCheck in goroutine 244',
      '\texample.com/blob/chunk/compact_test.go:617 +0xa7e',
      'goroutine 723 [running]:',
      'runtime/debug.Stack()',
      '\truntime/debug/stack.go:24 +0x5e',
      'runtime/debug.PrintStack()',
      '\truntime/debug/stack.go:16 +0x13',
      'example.com/blob/chunk.TestCompactCheck.func3(0x6b)',
      '\texample.com/blob/chunk/compact_test.go:634 +0x1fe',
      '--- FAIL: TestCompactCheck (0.31s)',
    )
    expect(events).toEqual([])
  })
})

describe('a dump whose runtime header a paste lost', () => {
  const RUNNING_DUMP = [
    'goroutine 9 [running]:',
    'example.com/kv/raft.(*Node).apply(0xc0000a4000, 0x2a?)',
    '\texample.com/kv/raft/node.go:318 +0x1c4',
    'created by example.com/kv/raft.Start in goroutine 1',
    '\texample.com/kv/raft/node.go:97 +0x2b1',
  ]

  test('led by the running goroutine, it is a crash in that goroutine, marked headless', () => {
    const events = parse(...RUNNING_DUMP, '')
    expect(events).toHaveLength(1)
    expect(events[0]!.kinds).toContain('panic')
    expect(events[0]!.facts.headless).toBe(true)
    expect(events[0]!.frames[0]?.function).toBe('example.com/kv/raft.(*Node).apply')
  })

  test('led by a waiting goroutine, or printing its own stack (pprof, runtime.Stack), it is no crash', () => {
    expect(parse('goroutine 9 [chan receive]:', ...RUNNING_DUMP.slice(1), '')).toEqual([])
    expect(parse(
      'goroutine 31 [running]:',
      'runtime/pprof.writeGoroutineStacks({0x7d3a20, 0xc0001a2000})',
      '\truntime/pprof/pprof.go:703 +0x6a',
      'example.com/kv/debug.dumpGoroutines()',
      '\texample.com/kv/debug/dump.go:41 +0x3f',
      '',
    )).toEqual([])
  })
})
