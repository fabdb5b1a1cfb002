import {appendFileSync, mkdtempSync, renameSync, truncateSync, unlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {gzipSync} from 'node:zlib'
import {afterEach, expect, test} from 'vitest'
import {TRACE_FORMATS} from '../../../analyzer/formats/registry.js'
import {Tailer} from '../../../analyzer/ingest/tailer.js'
import {IngestStore} from '../../../analyzer/store/ingest-store.js'
import {openStoreForWrite, type OpenedStore} from '../../../analyzer/store/open-store.js'
import {GO_PANIC_LINES} from '../../helpers/fixtures.js'

let running: {tailer: Tailer; store: OpenedStore}[] = []
afterEach(async () => {
  for (const {tailer, store} of running) await tailer.stop().finally(() => store.close())
  running = []
})

const lines = (tag: string, from: number, to: number) => Array.from({length: to - from + 1}, (_, i) => `${tag} line ${from + i}\n`).join('')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function startTailer(options: {include?: string[]; nodeOf?: (file: string) => string | null} = {}): Promise<{dir: string; store: OpenedStore; tailer: Tailer}> {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-tailer-'))
  const dbFile = path.join(dir, 'storctl.db')
  const store = openStoreForWrite(dbFile)
  const tailer = new Tailer({db: store.db, store: new IngestStore(store.db), dbFile, formats: TRACE_FORMATS, rules: [], pollMs: 100, idleMs: 200, ...options})
  running.push({tailer, store})
  return {dir, store, tailer}
}

function counts(store: OpenedStore): {lines: number; distinct: number} {
  return store.db.prepare('SELECT count(*) AS lines, count(DISTINCT text) AS "distinct" FROM log_lines').get() as {lines: number; distinct: number}
}

/** Waits until `want` lines are stored, then a little longer so that a duplicate would show too. */
async function settle(store: OpenedStore, want: number): Promise<{lines: number; distinct: number}> {
  for (let waited = 0; counts(store).lines < want && waited < 8000; waited += 50) await sleep(50)
  await sleep(500)
  return counts(store)
}

const states = (store: OpenedStore) => store.db.prepare('SELECT path, state FROM sources ORDER BY id').all() as {path: string; state: string}[]

test('rename + create: the old file is finished (with what was still written to it), the new one starts as a new source', async () => {
  const {dir, store, tailer} = await startTailer()
  const log = path.join(dir, 'node.log')
  writeFileSync(log, lines('old', 1, 100))
  await tailer.start([dir])
  expect(await settle(store, 100)).toEqual({lines: 100, distinct: 100})
  appendFileSync(log, lines('old', 101, 120))
  renameSync(log, `${log}.1`)
  appendFileSync(`${log}.1`, lines('old', 121, 125))
  writeFileSync(log, lines('new', 1, 30))
  expect(await settle(store, 155)).toEqual({lines: 155, distinct: 155})
  expect(states(store).map((s) => path.basename(s.path))).toEqual(['node.log.1', 'node.log'])
})

test('copytruncate: the same source starts again at byte 0 and numbers its lines on', async () => {
  const {dir, store, tailer} = await startTailer({include: ['*.log']})
  const log = path.join(dir, 'node.log')
  writeFileSync(log, lines('before', 1, 100))
  await tailer.start([dir])
  await settle(store, 100)
  writeFileSync(`${log}.1`, lines('before', 1, 100))
  truncateSync(log, 0)
  await sleep(300)
  appendFileSync(log, lines('after', 1, 40))
  expect(await settle(store, 140)).toEqual({lines: 140, distinct: 140})
  expect(store.db.prepare('SELECT count(*) AS n, max(l.line_no) AS last FROM sources s JOIN log_lines l ON l.source_id = s.id').get()).toEqual({n: 140, last: 140})
  expect(states(store)).toHaveLength(1)
})

test('delete + recreate: the deleted file is finished and marked deleted, the new one is read whole', async () => {
  const {dir, store, tailer} = await startTailer()
  const log = path.join(dir, 'node.log')
  writeFileSync(log, lines('first', 1, 100))
  await tailer.start([dir])
  await settle(store, 100)
  unlinkSync(log)
  await sleep(300)
  writeFileSync(log, lines('second', 1, 50))
  expect(await settle(store, 150)).toEqual({lines: 150, distinct: 150})
  expect(states(store).map((s) => s.state)).toEqual(['deleted', 'active'])
})

test('a rotated .gz is read once, whole, even when it changes again', async () => {
  const {dir, store, tailer} = await startTailer()
  writeFileSync(path.join(dir, 'node.log.1.gz'), gzipSync(lines('archived', 1, 80)))
  await tailer.start([dir])
  expect(await settle(store, 80)).toEqual({lines: 80, distinct: 80})
  utimesSync(path.join(dir, 'node.log.1.gz'), new Date(), new Date())
  writeFileSync(path.join(dir, 'node.log.2.gz'), gzipSync(lines('older', 1, 20)))
  expect(await settle(store, 100)).toEqual({lines: 100, distinct: 100})
  expect(states(store).map((s) => s.state)).toEqual(['done', 'done'])
})

test('a file named for its node gives its lines and crashes that node when they name none', async () => {
  const {dir, store, tailer} = await startTailer({nodeOf: (file) => path.basename(file, '.log')})
  const log = path.join(dir, 'datanode7.log')
  writeFileSync(log, `${GO_PANIC_LINES.join('\n')}\n`)
  await tailer.start([dir])
  await settle(store, GO_PANIC_LINES.length)
  for (let waited = 0; waited < 5000 && !store.db.prepare('SELECT 1 FROM crashes').get(); waited += 50) await sleep(50)
  expect(store.db.prepare('SELECT DISTINCT node FROM log_lines').pluck().all()).toEqual(['datanode7'])
  expect(store.db.prepare('SELECT node FROM crashes').pluck().all()).toEqual(['datanode7'])
})
