import {describe, expect, test} from 'vitest'
import {decodeJsonLogRecord, jsonEscapedForms} from '../../../analyzer/lines/json-log.js'
import {linesOf, makeLine} from '../../../analyzer/lines/line.js'
import {formatTime} from '../../../analyzer/lines/timestamps.js'

/** A line as Docker's json-file driver writes it. */
const dockerLine = (text: string, time = '2026-11-21T10:00:00.000000123Z'): string => JSON.stringify({log: `${text}\n`, stream: 'stderr', time})

describe('decodeJsonLogRecord', () => {
  test('a json-file record gives its text without the newline, its time and its stream', () => {
    const record = decodeJsonLogRecord(dockerLine('\tmain.go:12 +0x1d "quoted" caf\u00e9'))
    expect(record).toEqual({text: '\tmain.go:12 +0x1d "quoted" caf\u00e9', time: Date.UTC(2026, 10, 21, 10), node: null, stream: 'stderr'})
  })

  test('a record from a Windows container loses its CRLF', () => {
    expect(decodeJsonLogRecord('{"log":"fatal error: out of memory\\r\\n","stream":"stdout"}')).toEqual({text: 'fatal error: out of memory', time: null, node: null, stream: 'stdout'})
  })

  test.each([
    ['Filebeat / Elasticsearch (ECS)', {'@timestamp': '2026-11-21T10:00:00.000Z', host: {name: 'kv-3'}, log: {file: {path: '/var/log/kv.log'}}, message: 'panic: boom'}],
    ['Logstash, flattened', {'@timestamp': '2026-11-21T10:00:00.000Z', 'host.name': 'kv-3', message: 'panic: boom'}],
    ['journald -o json', {__REALTIME_TIMESTAMP: '1795255200000000', _HOSTNAME: 'kv-3', MESSAGE: 'panic: boom', PRIORITY: '3'}],
    ['Loki logcli -o jsonl', {labels: {app: 'kv', pod: 'kv-3'}, line: 'panic: boom', timestamp: '2026-11-21T10:00:00Z'}],
    ['Kubernetes through fluentd', {log: 'panic: boom\n', kubernetes: {pod_name: 'kv-3'}, time: '2026-11-21T10:00:00Z'}],
  ])('a %s record gives its line, time and node', (_name, record) => {
    expect(decodeJsonLogRecord(JSON.stringify(record))).toMatchObject({text: 'panic: boom', time: Date.UTC(2026, 10, 21, 10), node: 'kv-3'})
  })

  test('a program\'s own record with a stack beside its message is left whole for the record reader', () => {
    expect(decodeJsonLogRecord(JSON.stringify({'@timestamp': '2026-11-21T10:00:00Z', level: 'ERROR', message: 'handler failed', stack_trace: 'java.lang.NullPointerException\n\tat a.B.c(B.java:1)'}))).toBeNull()
  })

  test.each([
    ['plain text', 'panic: runtime error: index out of range'],
    ['a structured record without a log field', '{"level":"error","msg":"wal write failed"}'],
    ['a log field that is not a string', '{"log":{"msg":"x"},"time":"2026-11-21T10:00:00Z"}'],
    ['a JSON array', '[{"log":"x"}]'],
    ['a record cut mid-string', '{"log":"panic: runtime error: inva'],
    ['two records on one line', '{"log":"a\\n"} {"log":"b\\n"}'],
  ])('%s is no record', (_name, line) => {
    expect(decodeJsonLogRecord(line)).toBeNull()
  })
})

describe('jsonEscapedForms', () => {
  test('a word with angle brackets gets the form Go writes', () => {
    expect(jsonEscapedForms('<signal handler called>')).toEqual(['\\u003csignal handler called\\u003e'])
  })

  test('quotes, tabs and non-ASCII get the forms JSON and Python write', () => {
    expect(jsonEscapedForms('\tat "x" \u00e9')).toEqual(['\\tat \\"x\\" \u00e9', '\\tat \\"x\\" \\u00e9'])
  })

  test('a word JSON leaves alone has no other form', () => {
    expect(jsonEscapedForms('goroutine ')).toEqual([])
  })
})

describe('makeLine on a JSON log record', () => {
  test('the record text is what prefixes are set aside from; raw stays as read; the record time wins', () => {
    const raw = dockerLine('F0914 17:40:26.355070 1166569 db_impl.cc:241] Check failed: s.ok()')
    const line = makeLine(raw, 7, 100)
    expect(line).toMatchObject({raw, text: 'Check failed: s.ok()', level: 'F', origin: 'db_impl.cc:241', lineNo: 7, cut: false})
    expect(formatTime(line.time)).toBe('2026-11-21T10:00:00.000Z')
  })

  test('frames of a trace read as in the plain log: indentation and quotes unescaped', () => {
    const plain = ['goroutine 1 [running]:', 'main.(*wal).write(0xc000010000, {0x4c2f40, 0x5})', '\t/src/wal/wal.go:88 +0x1d', '', 'exit status 2']
    const decoded = linesOf(plain.map((t) => dockerLine(t)).join('\n'))
    expect(decoded.map((l) => l.text)).toEqual(linesOf(plain.join('\n')).map((l) => l.text))
  })

  test('a numbered paste of records loses its numbers before the record is read', () => {
    const lines = linesOf([1, 2, 3].map((n) => `${n}\t${dockerLine(`frame ${n}`)}`).join('\n'))
    expect(lines.map((l) => l.text)).toEqual(['frame 1', 'frame 2', 'frame 3'])
  })
})
