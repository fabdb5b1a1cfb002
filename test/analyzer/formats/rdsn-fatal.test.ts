import {describe, expect, test} from 'vitest'
import {parseLines} from '../../../analyzer/engine/trace-streams.js'
import {RDSN_FATAL_PATTERNS, rdsnFatalFormat} from '../../../analyzer/formats/rdsn-fatal.js'
import {linesOf} from '../../../analyzer/lines/line.js'

const parse = (text: string) => parseLines([rdsnFatalFormat], linesOf(text))

const DASSERT = `D2024-06-02 03:11:07.120 (1717297867120044123 4242) replica.default1.0000: replica_learn.cpp:310:on_learn_reply(): [3.7@10.0.0.5:34801] learn reply received
F2024-06-02 03:11:07.130 (1717297867130512456 4242) replica.default1.0000: replica_learn.cpp:344:on_learn_reply(): assertion expression: resp.last_committed_decree >= _app->last_committed_decree()
F2024-06-02 03:11:07.130 (1717297867130519001 4242) replica.default1.0000: replica_learn.cpp:344:on_learn_reply(): [3.7@10.0.0.5:34801] learnee decree 88 < local decree 91
I2024-06-02 03:11:07.131 (1717297867131000000 4250) replica.default2.0000: replica_stub.cpp:90:on_beacon(): beacon sent`

describe('rdsn-fatal patterns', () => {
  test.each(Object.entries(RDSN_FATAL_PATTERNS))('%s matches its examples', (_name, entry) => {
    for (const example of entry.examples) expect(entry.re.test(example), example).toBe(true)
  })
})

describe('rDSN fatal lines', () => {
  test('dassert: two F lines make one abort with the expression, message and origin frame', () => {
    const [event, ...rest] = parse(DASSERT)
    expect(rest).toEqual([])
    expect(event).toMatchObject({format: 'rdsn-fatal', runtime: 'cpp', kinds: ['abort'], terminal: true, firstLine: 2, lastLine: 3})
    expect(event?.message).toBe(
      'assertion expression: resp.last_committed_decree >= _app->last_committed_decree(); [3.7@10.0.0.5:34801] learnee decree 88 < local decree 91',
    )
    expect(event?.frames).toEqual([{function: 'on_learn_reply', file: 'replica_learn.cpp', line: 344}])
    expect(event?.facts.assertion).toBe('resp.last_committed_decree >= _app->last_committed_decree()')
  })

  test('newer CHECK form on one line, behind an aggregator prefix', () => {
    const text = `replica-2  | F2024-06-02 03:11:07.130 (1717297867130512456 4242) replica.default0.0000: replica_bulk_loader.cpp:479:download_sst_file(): assertion expression: [file_index < _metadata.files.size()] invalid file index 3`
    const [event] = parse(text)
    expect(event?.message).toBe('assertion expression: [file_index < _metadata.files.size()] invalid file index 3')
    expect(event?.frames[0]?.function).toBe('download_sst_file')
  })

  test('a LOG_FATAL without assertion, and old hex thread ids', () => {
    const text = `F2019-01-14 16:25:19.417 (1547454319417562148 692c) replica.replica3.0000: replica_stub.cpp:1919:handle_log_failure(): handle log failure: ERR_FILE_OPERATION_FAILED`
    const [event] = parse(text)
    expect(event).toMatchObject({kinds: ['abort'], message: 'handle log failure: ERR_FILE_OPERATION_FAILED'})
    expect(event?.frames[0]).toEqual({function: 'handle_log_failure', file: 'replica_stub.cpp', line: 1919})
  })

  test('two fatal lines far apart are two events', () => {
    const filler = Array.from({length: 8}, (_, i) => `I2024-06-02 03:11:08.00${i} (1717297868000000000 4250) replica.default2.0000: a.cpp:1:f(): tick ${i}`)
    const text = [DASSERT.split('\n')[1], ...filler, DASSERT.split('\n')[2]].join('\n')
    expect(parse(text)).toHaveLength(2)
  })

  test('healthy rDSN lines and glog F lines give nothing', () => {
    const text = `E2024-06-02 03:11:07.130 (1717297867130512456 4242) replica.default1.0000: replica_learn.cpp:344:on_learn_reply(): assertion expression check skipped
W2024-06-02 03:11:07.130 (1717297867130512456 4242) replica.default1.0000: fatal.cpp:1:f(): F2024 fatal mentioned
F0602 03:11:07.130512  4242 tablet.cc:318] Check failed: a == b`
    expect(parse(text)).toEqual([])
  })
})
