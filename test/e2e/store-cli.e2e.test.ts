import {spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {diagnoseLog} from '../../analyzer/index.js'
import {linesOf} from '../../analyzer/lines/line.js'
import {IngestStore} from '../../analyzer/store/ingest-store.js'
import {openStoreForWrite, type OpenedStore} from '../../analyzer/store/open-store.js'
import {ROOT, STACK_LINE, storctl, type CliRun} from '../helpers/cli.js'

const SAMPLE = path.join(ROOT, 'samples/go-master-cgo-sigsegv-shutdown.log')
const RULE = 'cubefs-master-shutdown-rocksdb-race'

let dir: string
let db: string
let writer: OpenedStore

/** Given a store holding the sample's lines and its crash, kept open by a writer for the whole suite. */
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'storctl-store-cli-'))
  db = path.join(dir, 'storctl.db')
  writer = openStoreForWrite(db)
  const ingest = new IngestStore(writer.db)
  const source = ingest.source({path: SAMPLE, inode: statSync(SAMPLE).ino, headHash: 'fixture'})
  const text = readFileSync(SAMPLE, 'utf8')
  const lines = linesOf(text)
  const {report} = await diagnoseLog([SAMPLE])
  const end = {offset: Buffer.byteLength(text), lineNo: lines.length}
  ingest.commit(source.id, {lines, crashes: report.crashes, checkpoint: {...end, scanOffset: end.offset, scanLineNo: end.lineNo}})
})

afterAll(() => writer.close())

const run = (args: string[]): CliRun => storctl([...args, '--db', db])

function expectAbort(r: CliRun, code: string, status: number): void {
  expect(r.status).toBe(status)
  expect(r.stderr + r.stdout).toContain(code)
  expect(r.stderr + r.stdout).not.toMatch(STACK_LINE)
}

interface Listed {
  crashes: {id: number; kind: string; rule: string | null; node: string | null}[]
}

describe('storctl crashes', () => {
  test('--json lists the stored crash with its rule, while a writer holds the store open', () => {
    const r = run(['crashes', '--json'])
    expect(r.status).toBe(0)
    const {crashes} = JSON.parse(r.stdout) as Listed
    expect(crashes).toHaveLength(1)
    expect(crashes[0]).toEqual(expect.objectContaining({kind: 'sigsegv', rule: RULE}))
  })

  test('--kind abort filters it out; --rule keeps it', () => {
    expect((JSON.parse(run(['crashes', '--json', '--kind', 'abort']).stdout) as Listed).crashes).toEqual([])
    expect((JSON.parse(run(['crashes', '--json', '--rule', RULE]).stdout) as Listed).crashes).toHaveLength(1)
  })

  test('--dir finds <dir>/storctl.db, and so does STORCTL_DIR', () => {
    const viaDir = storctl(['crashes', '--json', '--dir', dir])
    const viaEnv = storctl(['crashes', '--json'], {env: {STORCTL_DIR: dir}})
    expect((JSON.parse(viaDir.stdout) as Listed).crashes).toHaveLength(1)
    expect((JSON.parse(viaEnv.stdout) as Listed).crashes).toHaveLength(1)
  })

  test('a bad --since is a usage error with code since-invalid', () => {
    expectAbort(run(['crashes', '--since', 'yesterday-ish']), 'since-invalid', 2)
  })

  test('show <id>: the diagnosis as diagnose prints it, then the timeline before the crash', () => {
    const {crashes} = JSON.parse(run(['crashes', '--json']).stdout) as Listed
    const r = run(['crashes', 'show', String(crashes[0]!.id)])
    expect(r.status).toBe(0)
    expect(r.stdout).toContain('crash[sigsegv]')
    expect(r.stdout).toContain(`= diagnosis: ${RULE}`)
    expect(r.stdout).toContain('= timeline')
    expect(r.stdout).toContain('stopping master')
    const json = JSON.parse(run(['crashes', 'show', String(crashes[0]!.id), '--json']).stdout) as {crash: {diagnosis: {rule: string}}; timeline: {text: string}[]}
    expect(json.crash.diagnosis.rule).toBe(RULE)
    expect(json.timeline.length).toBeGreaterThan(0)
  })

  test('show of an unknown id: exit 2, code crash-not-found, no stack', () => {
    expectAbort(run(['crashes', 'show', '9999']), 'crash-not-found', 2)
  })

  test('a missing store: exit 3, code store-missing, no stack', () => {
    expectAbort(storctl(['crashes', '--db', path.join(dir, 'nowhere.db')]), 'store-missing', 3)
    expectAbort(storctl(['query', 'SELECT 1', '--json', '--dir', path.join(dir, 'empty')]), 'store-missing', 3)
  })
})

describe('storctl logs', () => {
  test('--grep stopping finds the shutdown line', () => {
    const r = run(['logs', '--grep', 'stopping', '--json'])
    expect(r.status).toBe(0)
    const {lines} = JSON.parse(r.stdout) as {lines: {text: string; lineNo: number}[]}
    expect(lines.map((l) => l.text)).toContainEqual(expect.stringContaining('received signal terminated, stopping master'))
    expect(run(['logs', '--grep', 'stopping']).stdout).toContain('stopping master')
  })

  test('--level filters by level and --limit caps the lines', () => {
    const {lines} = JSON.parse(run(['logs', '--level', 'debug', '--limit', '3', '--json']).stdout) as {lines: {level: string}[]}
    expect(lines).toHaveLength(3)
    expect(new Set(lines.map((l) => l.level))).toEqual(new Set(['DEBUG']))
  })
})

describe('storctl query', () => {
  test('--json: {columns, rows} of a read-only statement', () => {
    const r = run(['query', 'SELECT count(*) AS n FROM log_lines', '--json'])
    expect(r.status).toBe(0)
    const lineCount = readFileSync(SAMPLE, 'utf8').trimEnd().split('\n').length
    expect(JSON.parse(r.stdout)).toEqual({columns: ['n'], rows: [[lineCount]]})
  })

  test('a table for humans', () => {
    const r = run(['query', 'SELECT kind, rule FROM crashes'])
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^kind\s+rule\nsigsegv\s+cubefs-master-shutdown-rocksdb-race\n\(1 row\)/)
  })

  test('a write is refused: exit 2, code query-not-read-only, no stack, nothing deleted', () => {
    expectAbort(run(['query', 'DELETE FROM crashes']), 'query-not-read-only', 2)
    expect(JSON.parse(run(['query', 'SELECT count(*) FROM crashes', '--json']).stdout)).toEqual(expect.objectContaining({rows: [[1]]}))
  })

  test('two statements are refused: exit 2, code query-invalid, no stack', () => {
    expectAbort(run(['query', 'SELECT 1; SELECT 2']), 'query-invalid', 2)
    const r = run(['query', 'SELECT 1; DELETE FROM crashes', '--json'])
    expect(r.status).toBe(2)
    expect(JSON.parse(r.stdout)).toEqual({error: expect.objectContaining({code: 'query-invalid'})})
  })
})

describe('storctl logs -f (runs last: it adds lines to the store)', () => {
  test('prints lines the writer commits after it started, escapes neutralised, and ends cleanly on SIGINT', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'cli/bin/run.js'), 'logs', '-f', '--node', 'node-7', '--db', db], {env: {...process.env, NO_COLOR: '1'}})
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const ingest = new IngestStore(writer.db)
    const source = ingest.source({path: path.join(dir, 'node-7.log'), inode: null, headHash: null})
    ingest.commit(source.id, {lines: linesOf('node-7 | arrived later \x1b[2J\n'), crashes: [], checkpoint: {offset: 24, lineNo: 1, scanOffset: 24, scanLineNo: 1}})
    for (let waited = 0; !stdout.includes('arrived later') && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
    child.kill('SIGINT')
    expect(await exited).toBe(0)
    expect(stdout).toContain('node-7:1 node-7 | arrived later \\x1b[2J')
    expect(stdout).not.toContain('\x1b')
  }, 20_000)
})
