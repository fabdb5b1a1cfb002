import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, expect, test} from 'vitest'
import {linesOf} from '../../../analyzer/lines/line.js'
import {StoreError} from '../../../analyzer/store/errors.js'
import {IngestStore} from '../../../analyzer/store/ingest-store.js'
import {openStoreForRead, openStoreForWrite, type OpenedStore} from '../../../analyzer/store/open-store.js'
import {ReadStore} from '../../../analyzer/store/read-store.js'
import {listNodeEvents, recordNodeEvent} from '../../../analyzer/store/node-events.js'

const opened: OpenedStore[] = []
afterEach(() => {
  for (const s of opened.splice(0)) s.close()
})

function fresh(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'storctl-store-')), 'storctl.db')
}

test('a batch of lines and its checkpoint commit together; replaying it duplicates nothing', () => {
  const file = fresh()
  const writer = openStoreForWrite(file)
  opened.push(writer)
  const ingest = new IngestStore(writer.db)
  const source = ingest.source({path: '/logs/a.log', inode: 7, headHash: 'abc'})
  const lines = linesOf('2026/11/21 10:00:00.000001 a.go:1: [INFO] one\nnode-1 | two\n')
  const batch = {lines, crashes: [], checkpoint: {offset: 50, lineNo: 2, scanOffset: 50, scanLineNo: 2}}
  ingest.commit(source.id, batch)
  ingest.commit(source.id, batch)
  const reader = openStoreForRead(file)
  opened.push(reader)
  const read = new ReadStore(reader.db)
  expect(read.query('SELECT line_no, level, node FROM log_lines ORDER BY line_no').rows).toEqual([[1, 'INFO', null], [2, null, 'node-1']])
  expect(read.query('SELECT offset, line_no FROM sources').rows).toEqual([[50, 2]])
  expect(ingest.source({path: '/logs/a.log.1', inode: 7, headHash: 'abc'}).id).toBe(source.id)
})

test('a second writer is refused with a clear error; readers are not', () => {
  const file = fresh()
  opened.push(openStoreForWrite(file))
  expect(() => openStoreForWrite(file)).toThrow(StoreError)
  const reader = openStoreForRead(file)
  opened.push(reader)
  expect(new ReadStore(reader.db).crashes()).toEqual([])
})

test('query reads only: writes and second statements are refused', () => {
  const file = fresh()
  opened.push(openStoreForWrite(file))
  const reader = openStoreForRead(file)
  opened.push(reader)
  const read = new ReadStore(reader.db)
  expect(() => read.query('DELETE FROM crashes')).toThrow(/only reads/)
  expect(() => read.query('SELECT 1; SELECT 2')).toThrow(StoreError)
  expect(read.query('SELECT count(*) AS n FROM log_lines')).toEqual({columns: ['n'], rows: [[0]]})
})

test('node events are stored and listed newest first, per node', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-events-'))
  const store = openStoreForWrite(path.join(dir, 's.db'))
  try {
    const base = {pid: 10, code: null, signal: null, detail: null}
    recordNodeEvent(store.db, {...base, ts: 1, node: 'master1', event: 'start'})
    recordNodeEvent(store.db, {...base, ts: 2, node: 'master1', event: 'exit', signal: 'SIGSEGV'})
    recordNodeEvent(store.db, {...base, ts: 3, node: 'replica1', event: 'start'})
    expect(listNodeEvents(store.db, {node: 'master1'}).map((e) => [e.event, e.signal])).toEqual([['exit', 'SIGSEGV'], ['start', null]])
    expect(listNodeEvents(store.db).map((e) => e.node)).toEqual(['replica1', 'master1', 'master1'])
  } finally {
    store.close()
  }
})
