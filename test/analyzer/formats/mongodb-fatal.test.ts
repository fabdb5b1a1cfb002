import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {diagnoseLog, loadRules} from '../../../analyzer/index.js'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {mongodbFatalFormat} from '../../../analyzer/formats/mongodb-fatal.js'
import {TRACE_FORMATS} from '../../../analyzer/formats/registry.js'
import {linesOf} from '../../../analyzer/lines/line.js'
import {expandRecord} from '../../../analyzer/lines/records.js'
import {eventsOf, expectPatternTable, functionsOf, onlyEvent} from './postmortem-test-helpers.js'

/** A logv2 record as mongod writes it (its padding included). */
function rec(s: string, id: number, msg: string, attr?: unknown, ctx = 'conn12'): string {
  const head = `{"t":{"$date":"2026-11-21T10:00:01.123+00:00"},${`"s":"${s}",`.padEnd(10)}${'"c":"CONTROL",'.padEnd(16)}${`"id":${id},`.padEnd(14)}`
  return `${head}"ctx":${JSON.stringify(ctx)},"msg":${JSON.stringify(msg)}${attr === undefined ? '' : `,"attr":${JSON.stringify(attr)}`}}`
}

const fatal = (message: string, ctx?: string) => rec('F', 4757800, 'Writing fatal message', {message}, ctx)

const FRAMES = [
  {a: '55D3A5A1C8C9', b: '55D3A0000000', o: '5A1C8C9', s: '_ZN5mongo15printStackTraceEv', C: 'mongo::printStackTrace()', 's+': '29'},
  {a: '7F3B2C212520', b: '7F3B2C1D0000', o: '42520'},
  {a: '55D3A3C4D1B7', b: '55D3A0000000', o: '3C4D1B7', s: '_ZNK5mongo8Document8getFieldENS_10StringDataE', C: 'mongo::Document::getField(mongo::StringData) const', 's+': '17'},
  {a: '55D3A3B7F1D3', b: '55D3A0000000', o: '3B7F1D3', s: '_ZN5mongo19DocumentSourceGroup10initializeEv', 's+': '2B3'},
]

const backtrace = (frames: unknown[]) => rec('I', 31380, 'BACKTRACE', {bt: {backtrace: frames, processInfo: {mongodbVersion: '6.0.12', somap: []}}})

const JSON_SEGFAULT = [
  rec('I', 51803, 'Slow query', {type: 'command', ns: 'shop.orders', durationMillis: 412}),
  fatal('Invalid access at address: 0x0\n'),
  fatal('Got signal: 11 (Segmentation fault).\n'),
  backtrace(FRAMES),
  ...FRAMES.map((frame) => rec('I', 31445, 'Frame', {frame})),
].join('\n')

const TEXT_SEGFAULT = [
  '2019-06-01T10:00:01.123+0000 F -        [conn1] Invalid access at address: 0x0',
  '2019-06-01T10:00:01.130+0000 F -        [conn1] Got signal: 11 (Segmentation fault).',
  '',
  ' 0x55d3a1b2c3d4 0x55d3a1b2c3e5 0x7f3b2c1e1390',
  '----- BEGIN BACKTRACE -----',
  '{"backtrace":[{"b":"55D3A0000000","o":"1B2C3D4","s":"_ZN5mongo15printStackTraceERSo"},{"b":"55D3A0000000","o":"1B2C3E5"}],"processInfo":{ "mongodbVersion" : "3.6.12" }}',
  ' mongod(_ZN5mongo15printStackTraceERSo+0x41) [0x55d3a1b2c3d4]',
  ' mongod(+0x1B2C3E5) [0x55d3a1b2c3e5]',
  ' libpthread.so.0(+0x11390) [0x7f3b2c1e1390]',
  ' mongod(_ZN5mongo10CurOpStack4pushEPNS_16OperationContextEPNS_5CurOpE+0x2A) [0x55d3a1b2d000]',
  '-----  END BACKTRACE  -----',
  '2019-06-01T10:00:05.000+0000 I CONTROL  [main] ***** SERVER RESTARTED *****',
].join('\n')

describe('mongodb-fatal', () => {
  test('its pattern table proves itself', () => expectPatternTable(mongodbFatalFormat))
})

describe('mongodb-fatal, 4.4+ JSON records', () => {
  test('a segfault: fault address, signal, BACKTRACE frames by their demangled names', () => {
    const e = onlyEvent(mongodbFatalFormat, JSON_SEGFAULT)
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', faultAddress: '0x0', message: 'Invalid access at address: 0x0', firstLine: 2, lastLine: 8, facts: {thread: 'conn12'}})
    expect(functionsOf(e)).toEqual(['mongo::printStackTrace()', '??', 'mongo::Document::getField(mongo::StringData) const', '_ZN5mongo19DocumentSourceGroup10initializeEv'])
    expect(e.frames[0]!.address).toBe('0x55d3a5a1c8c9')
    expect(e.evidence.map((x) => x.why)).toEqual(['invalid memory access', 'fatal signal', 'backtrace'])
  })

  test('`Got signal: 7` after `Invalid access` is a SIGBUS, not a SIGSEGV', () => {
    const e = onlyEvent(mongodbFatalFormat, [fatal('Invalid access at address: 0x7f0000001000'), fatal('Got signal: 7 (Bus error).\n')].join('\n'))
    expect(e).toMatchObject({kinds: ['sigbus'], signal: 'SIGBUS', faultAddress: '0x7f0000001000'})
  })

  test('a BACKTRACE record cut at the line limit: the Frame records that follow give the whole stack', () => {
    const frames = Array.from({length: 60}, (_, i) => ({a: (0x55d3a0000000 + i).toString(16), s: `_ZN5mongo5frame${i}Ev`, C: `mongo::frame${i}(${'mongo::OperationContext*, '.repeat(4)}int)`}))
    const cut = eventsOf(mongodbFatalFormat, [fatal('Got signal: 11 (Segmentation fault).\n'), backtrace(frames)].join('\n'))[0]!
    expect(cut.frames.length).toBeGreaterThan(10)
    expect(cut.frames.length).toBeLessThan(60)
    const whole = [fatal('Got signal: 11 (Segmentation fault).\n'), backtrace(frames), ...frames.map((frame) => rec('I', 31445, 'Frame', {frame}))].join('\n')
    expect(onlyEvent(mongodbFatalFormat, whole).frames.map((f) => f.function).at(-1)).toBe(frames[59]!.C)
  })

  test('fassert(): the assertion names the crash, its location is kept; the flattened `***aborting` record joins it', () => {
    const records = [
      rec('F', 23089, 'Fatal assertion', {msgid: 40507, file: 'src/mongo/db/repl/oplog.cpp', line: 1234}, 'ReplWriterWorker-3'),
      rec('F', 23090, '\n\n***aborting after fassert() failure\n\n', undefined, 'ReplWriterWorker-3'),
      fatal('Got signal: 6 (Aborted).\n', 'ReplWriterWorker-3'),
      backtrace(FRAMES),
    ]
    // What the engine reads: the `\n`s of the second record make it a flattened line of its own.
    const lines = linesOf(records.join('\n')).flatMap(expandRecord)
    expect(lines.length).toBeGreaterThan(records.length)
    const [e, ...rest] = parseLines([mongodbFatalFormat], lines)
    expect(rest).toEqual([])
    expect(e).toMatchObject({kinds: ['abort'], signal: 'SIGABRT', message: 'Fatal assertion 40507', firstLine: 1, lastLine: 4})
    expect(e!.facts).toMatchObject({assertId: 40507, assertFile: 'src/mongo/db/repl/oplog.cpp', assertLine: 1234, thread: 'ReplWriterWorker-3'})
  })

  test('invariant() failure with its expression', () => {
    const text = [rec('F', 23079, 'Invariant failure', {expr: 'opCtx->lockState()->isW()', file: 'src/mongo/db/catalog/database_impl.cpp', line: 512}), rec('F', 23080, '***aborting after invariant() failure')].join('\n')
    expect(onlyEvent(mongodbFatalFormat, text)).toMatchObject({kinds: ['abort'], message: 'Invariant failure: opCtx->lockState()->isW()', facts: {assertExpr: 'opCtx->lockState()->isW()', assertLine: 512}})
  })

  test('terminate() with std::bad_alloc is out of memory, then an abort', () => {
    const text = [
      fatal('terminate() called. An exception is active; attempting to gather more information\n'),
      fatal('std::exception::what(): std::bad_alloc\nActual exception type: std::bad_alloc\n\n'),
      backtrace(FRAMES),
    ].join('\n')
    const e = onlyEvent(mongodbFatalFormat, text)
    expect(e).toMatchObject({kinds: ['oom', 'abort'], signal: 'SIGABRT', message: 'terminate() called. An exception is active; attempting to gather more information', facts: {exceptionType: 'std::bad_alloc'}})
  })

  test('a fatal message flattened on its line breaks still reads, from its first piece on', () => {
    const text = [fatal('std::exception::what(): std::bad_alloc\nActual exception type: std::bad_alloc\n\n'), fatal('Got signal: 6 (Aborted).\n')].join('\n')
    const lines = linesOf(text).flatMap(expandRecord)
    expect(lines.map((l) => l.lineNo)).toEqual([1, 1, 1, 1, 2])
    const [e, ...rest] = parseLines([mongodbFatalFormat], lines)
    expect(rest).toEqual([])
    expect(e).toMatchObject({kinds: ['oom', 'abort'], message: 'std::exception::what(): std::bad_alloc', facts: {exceptionType: 'std::bad_alloc'}, lastLine: 2})
  })

  test("tcmalloc's Out of memory in a fatal record is an oom", () => {
    expect(onlyEvent(mongodbFatalFormat, rec('F', 23074, 'Out of memory', {size: 2147483648})).kinds).toEqual(['oom'])
  })

  test('a fatal record naming no death (a start-up error) is not a crash', () => {
    expect(eventsOf(mongodbFatalFormat, rec('F', 20574, 'Error during global initialization', {error: {code: 2, codeName: 'BadValue', errmsg: 'bad port'}}))).toEqual([])
  })

  test('the fatal record before an fassert gives the crash its message', () => {
    const text = [rec('F', 21238, 'Writer worker caught exception', {error: {codeName: 'DuplicateKey', errmsg: 'E11000 duplicate key error'}}), rec('F', 23095, 'Fatal assertion', {msgid: 16359, file: 'src/mongo/db/repl/oplog_applier_impl.cpp', line: 510})].join('\n')
    expect(onlyEvent(mongodbFatalFormat, text)).toMatchObject({kinds: ['abort'], message: 'Writer worker caught exception: DuplicateKey: E11000 duplicate key error', firstLine: 1, lastLine: 2})
  })
})

describe('mongodb-fatal, pre-4.4 text logs', () => {
  test('a segfault: the symbol lines are the frames, the restart ends the trace', () => {
    const e = onlyEvent(mongodbFatalFormat, TEXT_SEGFAULT)
    expect(e).toMatchObject({kinds: ['sigsegv'], signal: 'SIGSEGV', faultAddress: '0x0', firstLine: 1, lastLine: 11, facts: {thread: 'conn1'}})
    expect(functionsOf(e)).toEqual(['_ZN5mongo15printStackTraceERSo', '??', '??', '_ZN5mongo10CurOpStack4pushEPNS_16OperationContextEPNS_5CurOpE'])
    expect(e.frames[3]).toMatchObject({module: 'mongod', address: '0x55d3a1b2d000'})
  })

  test('without symbol lines, the JSON blob gives the frames', () => {
    const text = TEXT_SEGFAULT.split('\n').filter((l) => !l.startsWith(' mongod') && !l.startsWith(' libpthread')).join('\n')
    expect(functionsOf(onlyEvent(mongodbFatalFormat, text))).toEqual(['_ZN5mongo15printStackTraceERSo', '??'])
  })

  test('an I-level Fatal Assertion, the aborting line and the SIGABRT dump are one abort', () => {
    const text = [
      '2019-06-01T10:00:01.120+0000 I -        [repl writer worker 3] Fatal Assertion 16360 at src/mongo/db/repl/sync_tail.cpp 1056',
      '2019-06-01T10:00:01.120+0000 I -        [repl writer worker 3] ',
      '',
      '***aborting after fassert() failure',
      '',
      '',
      '2019-06-01T10:00:01.135+0000 F -        [repl writer worker 3] Got signal: 6 (Aborted).',
      ...TEXT_SEGFAULT.split('\n').slice(2),
    ].join('\n')
    const e = onlyEvent(mongodbFatalFormat, text)
    expect(e).toMatchObject({kinds: ['abort'], signal: 'SIGABRT', message: 'Fatal Assertion 16360 at src/mongo/db/repl/sync_tail.cpp 1056', facts: {assertId: 16360, assertLine: 1056}})
    expect(e.frames).toHaveLength(4)
  })

  test('terminate() prints a backtrace, then the SIGABRT handler another: the first is kept', () => {
    const text = [
      '2019-06-01T10:00:01.120+0000 F -        [conn7] terminate() called. An exception is active; attempting to gather more information',
      '2019-06-01T10:00:01.120+0000 F -        [conn7] DBException::toString(): InternalError: cursor state lost',
      'Actual exception type: mongo::error_details::ExceptionForImpl<(mongo::ErrorCodes::Error)1, mongo::AssertionException>',
      '',
      '----- BEGIN BACKTRACE -----',
      ' mongod(_ZN5mongo12_GLOBAL__N_111myTerminateEv+0x4D) [0x55d3a1b20001]',
      ' mongod(_ZN5mongo11ClientCursor4killEv+0x11) [0x55d3a1b20002]',
      '-----  END BACKTRACE  -----',
      '2019-06-01T10:00:01.125+0000 F -        [conn7] Got signal: 6 (Aborted).',
      '----- BEGIN BACKTRACE -----',
      ' mongod(_ZN5mongo15printStackTraceERSo+0x41) [0x55d3a1b20003]',
      '-----  END BACKTRACE  -----',
    ].join('\n')
    const e = onlyEvent(mongodbFatalFormat, text)
    expect(e).toMatchObject({kinds: ['abort'], lastLine: 12, facts: {exceptionType: 'mongo::error_details::ExceptionForImpl<(mongo::ErrorCodes::Error)1, mongo::AssertionException>'}})
    expect(functionsOf(e)).toEqual(['_ZN5mongo12_GLOBAL__N_111myTerminateEv', '_ZN5mongo11ClientCursor4killEv'])
  })

  test('a death, a restart and another death are two events', () => {
    const death = '2019-06-01T10:00:01.130+0000 F -        [conn1] Got signal: 11 (Segmentation fault).'
    const restart = '2019-06-01T10:00:05.000+0000 I CONTROL  [initandlisten] MongoDB starting : pid=4243 port=27017 dbpath=/data/db 64-bit host=db-1'
    expect(eventsOf(mongodbFatalFormat, [death, restart, death].join('\n')).map((e) => e.firstLine)).toEqual([1, 3])
  })
})

describe('mongodb-fatal among every format', () => {
  test.each([
    ['a JSON segfault', JSON_SEGFAULT],
    ['a text segfault', TEXT_SEGFAULT],
    ['an out-of-memory record', rec('F', 23074, 'Out of memory', {size: 2147483648})],
    ['a terminate() record', [fatal('terminate() called. No exception is active\n'), fatal('Got signal: 6 (Aborted).\n')].join('\n')],
  ])('%s is mongodb-fatal\'s alone', (_name, text) => {
    expect(parseLines(TRACE_FORMATS, linesOf(text)).map((e) => e.format)).toEqual(['mongodb-fatal'])
  })
})

describe('mongodb-fatal stays silent on healthy logs', () => {
  const healthy = [
    rec('E', 22435, 'WiredTiger error', {error: 12, message: '[1763719201:123][4242:0x7f], file:collection-7.wt: Cannot allocate memory'}, 'conn3'),
    rec('W', 20525, 'Failed to gather storage statistics for slow operation', {opId: 118, error: 'lock acquire timeout'}, 'conn4'),
    rec('I', 51803, 'Slow query', {type: 'command', ns: 'logs.events', command: {find: 'events', filter: {text: 'Got signal: 11 (Segmentation fault).'}}, durationMillis: 140}, 'conn5'),
    rec('I', 23377, 'Received signal', {signal: 15, error: 'Terminated'}, 'SignalHandler'),
    rec('I', 31380, 'BACKTRACE', {bt: {backtrace: FRAMES}}, 'conn6'),
    rec('E', 23076, 'Assertion', {error: 'Invariant failure: not really, a user-visible message'}, 'conn6'),
    '2019-06-01T10:00:01.123+0000 I COMMAND  [conn5] command logs.events command: find { find: "events", filter: { text: "Got signal: 11 (Segmentation fault)." } } planSummary: COLLSCAN 140ms',
    '2019-06-01T10:00:02.000+0000 I CONTROL  [signalProcessingThread] got signal 15 (Terminated), will terminate after current cmd ends',
    '2019-06-01T10:00:02.001+0000 I -        [conn5] Fatal assertions are documented at https://www.mongodb.com/docs/manual/reference/',
    '2019-06-01T10:00:02.002+0000 E STORAGE  [conn3] WiredTiger error (12) out of memory while reading page, retrying',
  ].join('\n')

  test('E, W and I records, SIGTERM, stacks logged by a living server, crash words inside queries', () => {
    expect(eventsOf(mongodbFatalFormat, healthy)).toEqual([])
  })

  test('no other format reports a crash in them either', () => {
    expect(parseLines(TRACE_FORMATS, linesOf(healthy))).toEqual([])
  })
})

describe('mongodb-fatal through diagnose', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-mongodb-'))
  const rules = loadRules()
  const crashesOf = async (name: string, text: string) => {
    const file = path.join(dir, name)
    writeFileSync(file, text)
    return (await diagnoseLog([file], {rules})).report.crashes
  }
  const FASSERT = [
    rec('I', 21358, 'Replica set state transition', {newState: 'SECONDARY', oldState: 'RECOVERING'}, 'ReplCoord-0'),
    rec('F', 23089, 'Fatal assertion', {msgid: 40507, file: 'src/mongo/db/repl/oplog.cpp', line: 1234}, 'ReplWriterWorker-3'),
    rec('F', 23090, '\n\n***aborting after fassert() failure\n\n', undefined, 'ReplWriterWorker-3'),
    fatal('Got signal: 6 (Aborted).\n', 'ReplWriterWorker-3'),
    backtrace(FRAMES),
  ]

  test('a JSON log file: one crash from the fatal records to the backtrace, the flattened record included', async () => {
    const crashes = await crashesOf('mongod.log', [...FASSERT, rec('I', 4615611, 'MongoDB starting', {pid: 4243}, 'initandlisten')].join('\n') + '\n')
    expect(crashes.map((c) => ({kind: c.kind, formats: c.formats, lines: c.lines, message: c.message}))).toEqual([
      {kind: 'abort', formats: ['mongodb-fatal'], lines: {start: 2, end: 5}, message: 'Fatal assertion 40507'},
    ])
    expect(crashes[0]!.topFrames).toContain('mongo::Document::getField')
  })

  test('the same records through Docker json-file', async () => {
    const wrapped = [...JSON_SEGFAULT.split('\n')].map((record) => JSON.stringify({log: `${record}\n`, stream: 'stdout', time: '2026-11-21T10:00:01.123456789Z'}))
    const crashes = await crashesOf('docker.log', wrapped.join('\n') + '\n')
    expect(crashes.map((c) => [c.kind, c.formats, c.faultAddress, c.frames.length])).toEqual([['sigsegv', ['mongodb-fatal'], '0x0', 4]])
  })

  test('a healthy JSON log has no crash', async () => {
    expect(await crashesOf('healthy.log', [rec('I', 23016, 'Waiting for connections', {port: 27017}, 'listener'), ...JSON_SEGFAULT.split('\n').slice(0, 1)].join('\n') + '\n')).toEqual([])
  })
})
