import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {goPanicFormat} from '../../../analyzer/formats/go-panic.js'
import {goStackFormat} from '../../../analyzer/formats/go-stack.js'
import {goTracebackFormat} from '../../../analyzer/formats/go-traceback.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const GO_FORMATS = [goPanicFormat, goTracebackFormat, goStackFormat]
const parse = (...lines: string[]) => parseLines(GO_FORMATS, linesOf(lines.join('\n')))

const NIL_DEREF = [
  '2024/05/22 14:28:29.529101 [INFO ] partition.go:29: action[Delete] partition(4286) moved to trash',
  'panic: runtime error: invalid memory address or nil pointer dereference',
  '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x8a3f26]',
  '',
  'goroutine 51 [running]:',
  'example.com/kv/store.(*Extent).Read(0x0, {0xc0001a2000?, 0x1000, 0x1000})',
  '\t/build/kv/store/extent.go:118 +0x46',
  'example.com/kv/store.(*Partition).ReadAt(...)',
  '\t/build/kv/store/partition.go:74',
  'example.com/kv/server.(*Server).handleRead(0xc00012c000, 0xc0003b4000)',
  '\t/build/kv/server/read.go:52 +0x1b5',
  'created by example.com/kv/server.(*Server).serve in goroutine 12',
  '\t/build/kv/server/server.go:201 +0x2f8',
]

describe('go-panic', () => {
  test('a nil dereference is a panic with a SIGSEGV at address 0x0', () => {
    const [e, ...rest] = parse(...NIL_DEREF)
    expect(rest).toEqual([])
    expect(e).toMatchObject({
      format: 'go-panic',
      runtime: 'go',
      kinds: ['panic', 'sigsegv'],
      signal: 'SIGSEGV',
      faultAddress: '0x0',
      message: 'runtime error: invalid memory address or nil pointer dereference',
      firstLine: 2,
      lastLine: 13,
      terminal: true,
      recovered: false,
    })
    expect(e!.evidence.map((x) => x.why)).toEqual(['panic value', 'signal and fault address', 'goroutine that crashed', 'innermost frame'])
  })

  test('frames keep the function as printed without arguments, innermost first; created-by is a fact', () => {
    const [e] = parse(...NIL_DEREF)
    expect(e!.frames.map((f) => f.function)).toEqual([
      'example.com/kv/store.(*Extent).Read',
      'example.com/kv/store.(*Partition).ReadAt',
      'example.com/kv/server.(*Server).handleRead',
    ])
    expect(e!.frames[0]).toMatchObject({file: '/build/kv/store/extent.go', line: 118, module: 'example.com/kv/store'})
    expect(e!.facts).toMatchObject({createdBy: 'example.com/kv/server.(*Server).serve', crashingGoroutine: 51, goroutines: 1})
  })

  test('a custom panic value is the message and shows only the panic kind', () => {
    const [e] = parse(
      'panic: raft[6711] apply entry(index 3587009, term 6) failed: unknown op type 33',
      '',
      'goroutine 6 [running]:',
      'example.com/kv/raft.(*Replica).runApply(0xc000014630, 0xc00006e310)',
      '\texample.com/kv/raft/log.go:71 +0x18a',
    )
    expect(e).toMatchObject({kinds: ['panic'], signal: null, faultAddress: null, message: 'raft[6711] apply entry(index 3587009, term 6) failed: unknown op type 33'})
  })

  test('a re-panic after recover keeps the first value as the message and the last as a fact', () => {
    const [e, ...rest] = parse(
      'panic: runtime error: slice bounds out of range [:1048600] with capacity 65536 [recovered]',
      '\tpanic: decode packet req(17) failed: runtime error: slice bounds out of range [:1048600] with capacity 65536',
      '',
      'goroutine 18 [running]:',
      'example.com/kv/server.handlePacket.func1()',
      '\texample.com/kv/server/packet.go:85 +0x1bc',
      'panic({0x4af2c0, 0xc0000ac030})',
      '\truntime/panic.go:884 +0x212',
      'example.com/kv/server.decodeRecord(0x0?)',
      '\texample.com/kv/server/packet.go:94 +0x53',
    )
    expect(rest).toEqual([])
    expect(e!.message).toBe('runtime error: slice bounds out of range [:1048600] with capacity 65536')
    expect(e!.facts).toMatchObject({repanicked: true, finalPanic: 'decode packet req(17) failed: runtime error: slice bounds out of range [:1048600] with capacity 65536'})
    expect(e!.frames.map((f) => f.function)).toEqual(['example.com/kv/server.handlePacket.func1', 'panic', 'example.com/kv/server.decodeRecord'])
    expect(e!.evidence.map((x) => x.why)).toContain('panic raised while recovering')
  })

  test('a multi-line panic value keeps its first line as the message', () => {
    const [e] = parse(
      'panic: invariant violated:',
      '    applied index 96112591 is out of range',
      '    [prevApplied 105291801, committed 105292441]',
      '',
      'goroutine 9 [running]:',
      'main.check(...)',
      '\t/src/main.go:20',
      'main.main()',
      '\t/src/main.go:31 +0x85',
    )
    expect(e).toMatchObject({message: 'invariant violated:', firstLine: 1, lastLine: 9})
    expect(e!.facts.panicValueLines).toBe(3)
    expect(e!.frames.map((f) => f.function)).toEqual(['main.check', 'main.main'])
  })

  test('lines after a lone panic header that no dump follows are not part of its value', () => {
    const [e] = parse('panic: boom', 'level=info msg="shutting down"', 'level=info msg="bye"')
    expect(e).toMatchObject({message: 'boom', firstLine: 1, lastLine: 1})
    expect(e!.facts.panicValueLines).toBeUndefined()
  })

  test('a trace cut in the middle of a frame still gives an event with the frames read so far', () => {
    const [e] = parse(
      'panic: interface conversion: btree.Item is nil, not *meta.Inode',
      '',
      'goroutine 360 [running]:',
      'example.com/kv/meta.(*partition).deleteMarked(0xc004a72000, 0xc005082c88, 0x4, 0x64)',
      '\t/go/src/example.com/kv/meta/free_list.go:131 +0x5b1',
      'example.com/kv/meta.(*partition).deleteWorker(0xc004a72000)',
      '\t/go/src/example.com/kv/meta/free_l',
    )
    expect(e).toMatchObject({kinds: ['panic'], message: 'interface conversion: btree.Item is nil, not *meta.Inode', lastLine: 6})
    expect(e!.frames.map((f) => f.function)).toEqual(['example.com/kv/meta.(*partition).deleteMarked', 'example.com/kv/meta.(*partition).deleteWorker'])
  })

  test('other threads\' log lines inside the dump are skipped, not the end of it', () => {
    const [first, second, ...rest] = NIL_DEREF.slice(1)
    const interleaved = [first!, second!, ...rest.slice(0, 4), '2024/05/22 14:28:29.530000 wal.go:84: wal[9381] append entries(12)', ...rest.slice(4)]
    const events = parse(...interleaved)
    expect(events).toHaveLength(1)
    expect(events[0]!.frames).toHaveLength(3)
    expect(events[0]!.lastLine).toBe(interleaved.length)
  })

  test('ordinary log lines after a trace end it: a crash loop gives one event per crash', () => {
    const crash = ['panic: send on closed channel', '', 'goroutine 7 [running]:', 'main.(*P).applyLoop(0xc0000740c0)', '\t/src/p.go:48 +0x4b']
    const banner = Array.from({length: 8}, (_, i) => `2024/05/22 14:28:3${i}.000000 [INFO ] main.go:41: datanode starting, pid ${5800 + i}`)
    const events = parse(...crash, ...banner, ...crash)
    expect(events.map((e) => [e.firstLine, e.lastLine])).toEqual([
      [1, 5],
      [14, 18],
    ])
  })

  test('a GOTRACEBACK=all dump keeps the crashing goroutine\'s frames and counts the others by state', () => {
    const others = Array.from({length: 3000}, (_, i) => [
      `goroutine ${i + 100} [${i % 3 === 0 ? 'select' : 'chan receive'}, ${i % 5} minutes]:`,
      'main.(*pipeline).receiveLoop(0xc0000142a0)',
      '\t/src/pipeline.go:133 +0x5d',
      'created by main.start in goroutine 1',
      '\t/src/main.go:168 +0x1b8',
      '',
    ]).flat()
    const [e, ...rest] = parse('panic: assignment to entry in nil map', '', 'goroutine 7 [running]:', 'main.apply(...)', '\t/src/apply.go:64', 'main.run.func2()', '\t/src/main.go:182 +0xa5', '', ...others)
    expect(rest).toEqual([])
    expect(e!.frames.map((f) => f.function)).toEqual(['main.apply', 'main.run.func2'])
    expect(e!.facts).toMatchObject({goroutines: 3001, goroutineStates: 'chan receive: 2000, select: 1000, running: 1', crashingGoroutine: 7})
    expect(e!.lastLine).toBe(8 + others.length - 1)
  })

  test('aggregator node prefixes are set aside: the crash of one node is read among the others\' lines', () => {
    const lines = NIL_DEREF.slice(1).flatMap((l, i) => [`datanode-2 | ${l}`, `datanode-${i % 2 ? 1 : 3} | 2024/05/22 14:28:29.5${i} server.go:231: segment sealed, free space 574GB`])
    const [e, ...rest] = parse(...lines)
    expect(rest).toEqual([])
    expect(e).toMatchObject({kinds: ['panic', 'sigsegv'], faultAddress: '0x0', firstLine: 1, lastLine: 23})
    expect(e!.frames).toHaveLength(3)
  })

  test('a panic line that lost its syslog prefix, then the blank line Go prints, then the node\'s dump: one panic', () => {
    const node = (l: string) => `Aug 20 00:59:48 kv-3 kvnode[4800]: ${l}`
    const [e, ...rest] = parse('panic: runtime error: index out of range', '', ...['goroutine 21 [running]:', 'main.apply(0x1)', '\t/src/apply.go:12 +0x1d'].map(node))
    expect(rest).toEqual([])
    expect(e).toMatchObject({message: 'runtime error: index out of range', firstLine: 1, lastLine: 5})
    expect(e!.frames.map((f) => f.function)).toEqual(['main.apply'])
  })

  test('GOTRACEBACK=crash\'s SIGABRT after the dump stays part of the panic', () => {
    const [e, ...rest] = parse('panic: boom', '', 'goroutine 1 [running]:', 'main.main()', '\t/src/main.go:9 +0x25', '', 'SIGABRT: abort', 'PC=0x46a4e1 m=0 sigcode=0', '', 'goroutine 0 [idle]:', 'runtime.raise()')
    expect(rest).toEqual([])
    expect(e).toMatchObject({kinds: ['panic'], signal: null, lastLine: 11})
    expect(e!.facts.abortAfterDump).toBe(true)
  })

  test('a healthy log that talks about panics yields nothing', () => {
    const events = parse(
      '2024/05/22 14:28:29.529101 server.go:226: flags: --fatal-on-error=false --panic-on-corruption=false',
      '2024/05/22 14:28:29.529102 server.go:239: WARN: recovered from panic in handler, continuing: runtime error: index out of range [3] with length 0',
      '2024/05/22 14:28:29.529103 [ERROR] server.go:84: action[handlePacket] req(17) panic: runtime error: slice bounds out of range',
      '[ERROR] panic: retrying request after upstream reset',
      'I0522 14:28:29.529104 1 handler.go:12] panic counter=0 goroutine count=212',
      '2024/05/22 14:28:29.529105 server.go:258: datanode exited gracefully',
    )
    expect(events).toEqual([])
  })
})

test('a logger line that merely starts with "panic:" and has no stack is not a crash', async () => {
  const {linesOf} = await import('../../../analyzer/lines/line.js')
  const {parseLines} = await import('../../../analyzer/engine/trace-streams.js')
  const {goPanicFormat} = await import('../../../analyzer/formats/go-panic.js')
  const lines = linesOf('2026-11-21T10:00:00.009Z INFO panic: false, fatal: false, abort: false\n2026-11-21T10:00:00.010Z INFO next\n')
  expect(parseLines([goPanicFormat], lines)).toEqual([])
  expect(parseLines([goPanicFormat], linesOf('panic: boom\n'))).toHaveLength(1)
})
