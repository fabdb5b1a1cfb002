import {appendFileSync, mkdtempSync, writeFileSync} from 'node:fs'
import {open} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, expect, test} from 'vitest'
import {TRACE_FORMATS} from '../../../analyzer/formats/registry.js'
import {identify, resolveSource} from '../../../analyzer/ingest/identity.js'
import {TailSource} from '../../../analyzer/ingest/tail-source.js'
import {loadRules} from '../../../analyzer/rules/load.js'
import {IngestStore} from '../../../analyzer/store/ingest-store.js'
import {openStoreForWrite, type OpenedStore} from '../../../analyzer/store/open-store.js'
import {GO_PANIC_LINES} from '../../helpers/fixtures.js'

const GO_PANIC = GO_PANIC_LINES
const rules = loadRules([]).rules
const stores: OpenedStore[] = []
const sources: TailSource[] = []
afterEach(async () => {
  for (const s of sources.splice(0)) await s.close().catch(() => undefined)
  for (const s of stores.splice(0)) s.close()
})

function tempFiles(): {log: string; db: string} {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-tail-'))
  return {log: path.join(dir, 'node.log'), db: path.join(dir, 'storctl.db')}
}

/** A TailSource as the tailer makes it: the source row found by identity, a FileHandle, the real rules. */
async function tail(log: string, db: string, idleMs = 60_000): Promise<{source: TailSource; store: OpenedStore}> {
  const store = openStoreForWrite(db)
  stores.push(store)
  const handle = await open(log, 'r')
  const {identity, head} = await identify(handle, log)
  const ingest = new IngestStore(store.db)
  const source = new TailSource(resolveSource(store.db, ingest, identity, head), log, handle, {db: store.db, store: ingest, formats: TRACE_FORMATS, rules, idleMs})
  sources.push(source)
  return {source, store}
}

function stored(store: OpenedStore): {lines: number; distinct: number; crashes: {kind: string; first_line: number}[]} {
  const {n, d} = store.db.prepare('SELECT count(*) AS n, count(DISTINCT line_no) AS d FROM log_lines').get() as {n: number; d: number}
  const crashes = store.db.prepare('SELECT kind, first_line FROM crashes ORDER BY id').all() as {kind: string; first_line: number}[]
  return {lines: n, distinct: d, crashes}
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const text = (lines: string[]) => lines.map((l) => `${l}\n`).join('')

test('a Go panic written in three appends is stored as one crash once the writer goes idle', async () => {
  const {log, db} = tempFiles()
  writeFileSync(log, text(GO_PANIC.slice(0, 2)))
  const {source, store} = await tail(log, db, 100)
  await source.poll()
  appendFileSync(log, text(GO_PANIC.slice(2, 6)))
  await source.poll()
  appendFileSync(log, text(GO_PANIC.slice(6)))
  await source.poll()
  expect(stored(store).crashes).toEqual([])
  await sleep(300)
  expect(stored(store)).toMatchObject({lines: GO_PANIC.length, crashes: [{kind: 'panic', first_line: 2}]})
})

test('a partial last line waits for its newline', async () => {
  const {log, db} = tempFiles()
  writeFileSync(log, 'first\nsecond half')
  const {source, store} = await tail(log, db)
  await source.poll()
  expect(stored(store).lines).toBe(1)
  appendFileSync(log, ' written later\n')
  await source.poll()
  const texts = store.db.prepare('SELECT text FROM log_lines ORDER BY line_no').pluck().all()
  expect(texts).toEqual(['first', 'second half written later'])
})

test('a partial last line waits for its newline, and after the line idle time is stored as a line', async () => {
  const {log, db} = tempFiles()
  writeFileSync(log, 'first\nno newline yet')
  const {source, store} = await tail(log, db, 100)
  await source.poll()
  expect(stored(store).lines).toBe(1)
  await sleep(300)
  expect(stored(store).lines).toBe(1)
  await sleep(1000)
  expect(store.db.prepare('SELECT text FROM log_lines ORDER BY line_no').pluck().all()).toEqual(['first', 'no newline yet'])
})

test('a restart resumes from the checkpoint: no line lost or repeated, and a trace open at the stop is still one crash', async () => {
  const {log, db} = tempFiles()
  const before = Array.from({length: 7000}, (_, i) => `2026/11/21 16:26:30.739618 server.go:1: [INFO] line ${i}`)
  writeFileSync(log, text([...before, ...GO_PANIC.slice(0, 7)]))
  const first = await tail(log, db, 100)
  await first.source.poll()
  await first.source.close()
  const checkpoint = first.store.db.prepare('SELECT offset, line_no, scan_offset, scan_line_no FROM sources').get() as Record<string, number>
  expect(checkpoint.line_no).toBe(7007)
  expect(checkpoint.scan_line_no).toBe(7001)
  first.store.close()
  stores.splice(0)
  appendFileSync(log, text(GO_PANIC.slice(7)))
  const second = await tail(log, db, 100)
  await second.source.poll()
  await sleep(300)
  const total = before.length + GO_PANIC.length
  expect(stored(second.store)).toEqual({lines: total, distinct: total, crashes: [{kind: 'panic', first_line: 7002}]})
})
