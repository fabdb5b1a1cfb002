import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {rustPanicFormat} from '../../../analyzer/formats/rust-panic.js'
import {linesOf} from '../../../analyzer/lines/line.js'
import type {LogLine} from '../../../analyzer/model.js'

const parse = (text: string) => parseLines([rustPanicFormat], linesOf(text))

/** What the engine makes of a record with an escaped backtrace field: the record, then one line per stack line. */
function expandedRecord(record: string, backtrace: string, lineNo = 1): LogLine[] {
  const [head] = linesOf(record, lineNo)
  const stack = linesOf(backtrace, lineNo).map((l) => ({...l, lineNo, node: head!.node, level: head!.level}))
  return [head!, ...stack]
}

describe('rust-panic pattern table', () => {
  test('every example matches its pattern', () => {
    for (const [name, entry] of Object.entries(rustPanicFormat.patterns)) {
      for (const example of entry.examples) expect(entry.re.test(example), `${name}: ${example}`).toBe(true)
    }
  })
})

describe('rust-panic, new format (Rust >= 1.73)', () => {
  const log = [
    '[2026/03/02 10:11:12.100 +00:00] [INFO] [apply.rs:120] ["applying entries"] [region_id=7]',
    "thread 'raft-apply-2' panicked at src/raft/apply.rs:212:17:",
    'index out of bounds: the len is 3 but the index is 7',
    'stack backtrace:',
    '   0: rust_begin_unwind',
    '             at /rustc/cc66ad468955717ab92600c770da8c1601a4ff33/library/std/src/panicking.rs:595:5',
    '   1: core::panicking::panic_fmt',
    '             at /rustc/cc66ad468955717ab92600c770da8c1601a4ff33/library/core/src/panicking.rs:67:14',
    '   2: core::panicking::panic_bounds_check',
    '             at /rustc/cc66ad468955717ab92600c770da8c1601a4ff33/library/core/src/panicking.rs:162:5',
    '   3: kvnode::raft::apply::Applier::apply_entry',
    '             at ./src/raft/apply.rs:212:17',
    '   4: kvnode::raft::apply::Applier::run',
    '             at ./src/raft/apply.rs:140:13',
    'note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.',
    '[2026/03/02 10:11:12.300 +00:00] [INFO] [server.rs:80] ["shutting down"]',
  ].join('\n')

  test('one panic event with message, location and thread', () => {
    const [event, ...rest] = parse(log)
    expect(rest).toHaveLength(0)
    expect(event).toMatchObject({format: 'rust-panic', runtime: 'rust', kinds: ['panic'], signal: null, firstLine: 2, lastLine: 15})
    expect(event!.message).toBe('index out of bounds: the len is 3 but the index is 7')
    expect(event!.facts).toMatchObject({thread: 'raft-apply-2', location: 'src/raft/apply.rs:212:17'})
  })

  test('frames innermost first with their source lines', () => {
    const frames = parse(log)[0]!.frames
    expect(frames.map((f) => f.function)).toEqual([
      'rust_begin_unwind',
      'core::panicking::panic_fmt',
      'core::panicking::panic_bounds_check',
      'kvnode::raft::apply::Applier::apply_entry',
      'kvnode::raft::apply::Applier::run',
    ])
    expect(frames[3]).toMatchObject({file: './src/raft/apply.rs', line: 212, module: 'kvnode'})
  })

  test('without a backtrace the note ends the report', () => {
    const text = [
      "thread 'main' (4411) panicked at src/bin/kvnode.rs:31:10:",
      'missing data dir: --data-dir is required',
      'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
      'INFO supervisor: kvnode exited with status 101',
    ].join('\n')
    const [event] = parse(text)
    expect(event).toMatchObject({kinds: ['panic'], firstLine: 1, lastLine: 3, pid: 4411, frames: []})
    expect(event!.message).toBe('missing data dir: --data-dir is required')
  })

  test('assert_eq! keeps its first line as the message and counts the rest', () => {
    const text = [
      "thread 'raft-apply-0' panicked at src/raft/log.rs:77:9:",
      'assertion `left == right` failed: applied index went backwards',
      '  left: 41',
      ' right: 40',
      'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace',
    ].join('\n')
    const [event] = parse(text)
    expect(event!.message).toBe('assertion `left == right` failed: applied index went backwards')
    expect(event!.facts.messageLines).toBe(3)
    expect(event!.lastLine).toBe(5)
  })

  test('a trace cut off after the header still yields the panic', () => {
    const [event] = parse("thread 'main' panicked at src/main.rs:9:5:\nwal segment 12 is corrupt")
    expect(event).toMatchObject({kinds: ['panic'], message: 'wal segment 12 is corrupt', lastLine: 2})
  })

  test('lines of other threads inside the backtrace are skipped, not taken', () => {
    const text = [
      "thread 'main' panicked at src/main.rs:9:5:",
      'boom',
      'stack backtrace:',
      '   0: rust_begin_unwind',
      '[2026/03/02 10:11:12.301 +00:00] [INFO] [raft.rs:9] ["heartbeat"] [region_id=3]',
      '   1: kvnode::main',
      '             at ./src/main.rs:9:5',
    ].join('\n')
    const [event] = parse(text)
    expect(event!.frames.map((f) => f.function)).toEqual(['rust_begin_unwind', 'kvnode::main'])
    expect(event!.lastLine).toBe(7)
  })

  test('a panic that cannot unwind adds abort', () => {
    const text = [
      "thread 'io-0' panicked at library/core/src/panicking.rs:221:5:",
      'panic in a function that cannot unwind',
      'thread caused non-unwinding panic. aborting.',
    ].join('\n')
    expect(parse(text)[0]).toMatchObject({kinds: ['panic', 'abort'], signal: 'SIGABRT', lastLine: 3})
  })

  test('two panics are two events', () => {
    const text = [
      "thread 'worker-1' panicked at src/a.rs:1:1:",
      'first',
      "thread 'worker-2' panicked at src/b.rs:2:2:",
      'second',
    ].join('\n')
    expect(parse(text).map((e) => e.message)).toEqual(['first', 'second'])
  })
})

describe('rust-panic, old format (Rust < 1.73)', () => {
  test('message in quotes, symbol hashes dropped, addresses kept', () => {
    const text = [
      "thread 'tokio-runtime-worker' panicked at 'called `Option::unwrap()` on a `None` value', src/storage/engine.rs:301:37",
      'stack backtrace:',
      '   0:     0x55d0c1a2b3c4 - std::panicking::begin_panic::h0123456789abcdef',
      '                               at src/libstd/panicking.rs:411',
      '   1:     0x55d0c1a2b4d5 - kvnode::storage::engine::Engine::get::hfedcba9876543210',
      '                               at src/storage/engine.rs:301',
      '   2:     0x55d0c1a2b5e6 - <unknown>',
    ].join('\n')
    const [event] = parse(text)
    expect(event!.message).toBe('called `Option::unwrap()` on a `None` value')
    expect(event!.facts.location).toBe('src/storage/engine.rs:301:37')
    expect(event!.frames[1]).toEqual({function: 'kvnode::storage::engine::Engine::get', file: 'src/storage/engine.rs', line: 301, module: 'kvnode', address: '0x55d0c1a2b4d5'})
    expect(event!.frames[2]!.function).toBe('<unknown>')
  })

  test('a quoted message over several lines ends at its location', () => {
    const text = ["thread 'main' panicked at 'assertion failed: `(left == right)`", '  left: `1`,', " right: `2`', src/main.rs:2:5", 'note: Run with `RUST_BACKTRACE=1` for a backtrace.'].join('\n')
    const [event] = parse(text)
    expect(event).toMatchObject({message: 'assertion failed: `(left == right)`', firstLine: 1, lastLine: 4})
    expect(event!.facts.location).toBe('src/main.rs:2:5')
    expect(event!.facts.messageLines).toBe(3)
  })

  test('out-of-memory errors in the message add oom', () => {
    const text = `thread 'compaction-0' panicked at 'called \`Result::unwrap()\` on an \`Err\` value: Os { code: 12, kind: OutOfMemory, message: "Cannot allocate memory" }', src/compact.rs:88:41`
    expect(parse(text)[0]!.kinds).toEqual(['panic', 'oom'])
  })

  test("TiKV's early panic hook", () => {
    const text = `2017/03/09 13:31:06.589 panic_hook.rs:85: [ERROR] thread 'raftstore' panicked 'region 12 not found' at "src/raftstore/store/store.rs:1021"`
    expect(parse(text)[0]).toMatchObject({kinds: ['panic'], message: 'region 12 not found', facts: {thread: 'raftstore', location: 'src/raftstore/store/store.rs:1021'}})
  })
})

describe('rust-panic, aborts without a panic', () => {
  test('stack overflow is one abort event', () => {
    const text = "thread 'grpc-server-1' has overflowed its stack\nfatal runtime error: stack overflow\nAborted (core dumped)"
    const events = parse(text)
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({kinds: ['abort'], signal: 'SIGABRT', message: "thread 'grpc-server-1' has overflowed its stack", firstLine: 1, lastLine: 2})
    expect(events[0]!.facts.stackOverflow).toBe(true)
  })

  test('allocation failure is oom and abort', () => {
    const [event] = parse('memory allocation of 8589934592 bytes failed\nAborted (core dumped)')
    expect(event).toMatchObject({kinds: ['oom', 'abort'], facts: {allocBytes: 8589934592}, lastLine: 1})
  })

  test('a lone fatal runtime error is an abort', () => {
    expect(parse('fatal runtime error: Rust cannot catch foreign exceptions')[0]).toMatchObject({kinds: ['abort'], message: 'fatal runtime error: Rust cannot catch foreign exceptions'})
  })
})

describe('rust-panic, TiKV panic hook records', () => {
  const record =
    '[2026/03/02 10:11:12.087 +00:00] [FATAL] [lib.rs:497] ["called `Option::unwrap()` on a `None` value"] [location=components/raftstore/src/store/peer.rs:1702] [thread_name=raftstore-4-1]'
  const stack = [
    'stack backtrace:',
    '   0: tikv_util::set_panic_hook::{{closure}}',
    '             at components/tikv_util/src/lib.rs:496',
    '   1: std::panicking::rust_panic_with_hook',
    '             at library/std/src/panicking.rs:610',
    '   2: raftstore::store::peer::Peer::apply_snapshot',
    '             at components/raftstore/src/store/peer.rs:1702',
  ].join('\n')

  test('an expanded record is a panic with its fields', () => {
    const [event] = parseLines([rustPanicFormat], expandedRecord(record, stack))
    expect(event).toMatchObject({kinds: ['panic'], firstLine: 1, lastLine: 1, message: 'called `Option::unwrap()` on a `None` value'})
    expect(event!.facts).toMatchObject({location: 'components/raftstore/src/store/peer.rs:1702', thread: 'raftstore-4-1'})
    expect(event!.frames.map((f) => f.function)).toContain('raftstore::store::peer::Peer::apply_snapshot')
  })

  test('a record whose backtrace was left escaped is read in place', () => {
    const escaped = stack.replace(/\n/g, '\\n')
    const line = `[2026/03/02 10:11:12.087 +00:00] [FATAL] [lib.rs:497] ["rocksdb background error: IO error: Cannot allocate memory"] [backtrace="${escaped}"]`
    const [event] = parse(line)
    expect(event!.kinds).toEqual(['panic', 'oom'])
    expect(event!.frames).toHaveLength(3)
  })

  test('frames are not read twice when the record keeps its field and is expanded too', () => {
    const escaped = stack.replace(/\n/g, '\\n')
    const [event] = parseLines([rustPanicFormat], expandedRecord(`${record} [backtrace="${escaped}"]`, stack))
    expect(event!.frames).toHaveLength(3)
  })

  test('a record whose backtrace a paste cut off is still a death, with its message', () => {
    const [event] = parse(`${record} [backtrace="stack backtrace:\\n   0: tikv_u`.slice(0, 200))
    expect(event).toMatchObject({kinds: ['panic'], message: 'called `Option::unwrap()` on a `None` value'})
    expect(parse(record)).toHaveLength(1)
  })

  test('a FATAL record without panic frames is not a panic', () => {
    const other = 'stack backtrace:\n   0: kvnode::fatal_exit\n             at src/util.rs:12'
    expect(parseLines([rustPanicFormat], expandedRecord('[2026/03/02 10:11:12.087 +00:00] [FATAL] [util.rs:12] ["disk full"]', other))).toEqual([])
  })
})

describe('rust-panic stays silent on healthy logs', () => {
  test('prose about panics, quoted panics inside fields, FATAL lines of Go services', () => {
    const text = [
      '[2026/03/02 10:11:12.100 +00:00] [WARN] [pool.rs:40] ["worker thread panicked, restarting it"]',
      `[2026/03/02 10:11:12.101 +00:00] [ERROR] [task.rs:88] ["task failed"] [err="thread 'tokio-runtime-worker' panicked at src/x.rs:1:1:"]`,
      '[2026/03/02 10:11:12.102 +00:00] [ERROR] [sidecar.rs:5] ["sidecar exited: fatal runtime error: stack overflow"]',
      '2026/03/02 10:11:12 [FATAL] master.go:412: datanode 10.0.0.3:17310 has no response until time out',
      'INFO recovered from panicked handler, continuing',
      'DEBUG memory allocation of 4096 bytes failed once, retrying with a smaller buffer',
    ].join('\n')
    expect(parse(text)).toEqual([])
  })
})

describe('rust-panic, header lost', () => {
  const backtrace = [
    '[2026/03/02 10:11:12.100 +00:00] [INFO] [apply.rs:120] ["applying entries"] [region_id=7]',
    'index out of bounds: the len is 3 but the index is 7',
    'stack backtrace:',
    '   0: rust_begin_unwind',
    '             at /rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/std/src/panicking.rs:645:5',
    '   1: core::panicking::panic_bounds_check',
    '             at /rustc/90b35a6239c3d8bdabc530a6a0816f7ff89a0aaf/library/core/src/panicking.rs:208:5',
    '   2: kvnode::raft::apply::apply_entries',
    '             at ./src/raft/apply.rs:212:17',
    'note: Some details are omitted, run with `RUST_BACKTRACE=full` for a verbose backtrace.',
  ]

  test('Given a backtrace whose panicked line was lost, then its panic frames still show a panic', () => {
    const [e, ...rest] = parse(backtrace.join('\n'))
    expect(rest).toEqual([])
    expect(e).toMatchObject({kinds: ['panic'], firstLine: 3, lastLine: 10})
    expect(e?.facts.headless).toBe(true)
    expect(e?.frames.map((f) => f.function)).toEqual(['rust_begin_unwind', 'core::panicking::panic_bounds_check', 'kvnode::raft::apply::apply_entries'])
    expect(e?.frames[2]).toMatchObject({file: './src/raft/apply.rs', line: 212})
  })

  test('an old-style backtrace through std::panicking is a panic', () => {
    const old = ['stack backtrace:', '   0:     0x5598068258a1 - std::panicking::default_hook::{{closure}}::h7d4a222b68bf0690', '   1:     0x559806822a33 - std::panicking::begin_panic::haf45a5ae7d19e728', '   2:     0x559806813f3c - kvnode::net::send::h9827e2a71a583c24']
    expect(parse(old.join('\n'))[0]?.kinds).toEqual(['panic'])
  })

  test('a backtrace without panic frames, or with no frames, is nothing', () => {
    const captured = ['stack backtrace:', '   0: kvnode::debug::dump_stack', '   1: kvnode::main']
    expect(parse(captured.join('\n'))).toEqual([])
    expect(parse('pd.endpoints, use default None\nstack backtrace:\n')).toEqual([])
  })

  test('with its header, the backtrace stays part of the one report', () => {
    const withHeader = [backtrace[0], "thread 'raft-apply-2' panicked at src/raft/apply.rs:212:17:", ...backtrace.slice(1)]
    const events = parse(withHeader.join('\n'))
    expect(events).toHaveLength(1)
    expect(events[0]?.facts.headless).toBeUndefined()
  })
})
