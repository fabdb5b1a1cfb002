import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterEach, beforeEach, describe, expect, test} from 'vitest'
import {diagnoseLog} from '../../../analyzer/diagnose.js'
import {IngestStore} from '../../../analyzer/store/ingest-store.js'
import {LiveReader} from '../../../analyzer/store/live-read.js'
import {openStoreForRead, openStoreForWrite, type OpenedStore} from '../../../analyzer/store/open-store.js'
import {ROOT} from '../../helpers/cli.js'
import {appendLines, ingestSamples, MASTER_RULE} from '../../helpers/monitor-fixture.js'

let writer: OpenedStore
let reader: OpenedStore

beforeEach(async () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'storctl-live-')), 'storctl.db')
  writer = openStoreForWrite(file)
  await ingestSamples(writer, {master1: 'samples/go-master-cgo-sigsegv-shutdown.log', datanode2: 'samples/neg-go-datanode-healthy.log'})
  reader = openStoreForRead(file)
})

afterEach(() => {
  reader.close()
  writer.close()
})

describe('LiveReader', () => {
  test('the first poll reads each source\'s tail, the crash groups and nodes, and counts nothing', () => {
    const live = new LiveReader(reader.db, {tailLines: 20})
    const delta = live.poll()!
    expect(delta.initial).toBe(true)
    expect(delta.lines.filter((l) => l.node === 'master1')).toHaveLength(20)
    expect([...delta.nodes].sort()).toEqual(['datanode2', 'master1'])
    expect(delta.lineCounts.size).toBe(0)
    expect(delta.groups).toEqual([expect.objectContaining({count: 1, node: 'master1', rule: MASTER_RULE})])
    expect(delta.nodeCrashes).toEqual([expect.objectContaining({node: 'master1', crashes: 1, kind: 'sigsegv'})])
  })

  test('without a commit from another connection the next poll is null', () => {
    const live = new LiveReader(reader.db)
    live.poll()
    expect(live.changed()).toBe(false)
    expect(live.poll()).toBeNull()
  })

  test('after a commit only the new lines come back, counted per node, at most tailLines of them', () => {
    const live = new LiveReader(reader.db, {tailLines: 5})
    live.poll()
    appendLines(writer, 'datanode2', Array.from({length: 12}, (_, i) => `new line ${i}`))
    const delta = live.poll()!
    expect(delta.initial).toBe(false)
    expect(delta.lines.map((l) => l.text)).toEqual(['new line 7', 'new line 8', 'new line 9', 'new line 10', 'new line 11'])
    expect(delta.lineCounts.get('datanode2')).toBe(12)
    expect(delta.groups).toBeNull()
    expect(live.poll()).toBeNull()
  })

  test('a new source and a new crash are picked up; groups count crashes of one fingerprint', async () => {
    const live = new LiveReader(reader.db)
    live.poll()
    await ingestSamples(writer, {master2: 'samples/go-master-cgo-sigsegv-shutdown.log'})
    const delta = live.poll()!
    expect(delta.nodes.has('master2')).toBe(true)
    expect(delta.crashes).toEqual([expect.objectContaining({node: 'master2', rule: MASTER_RULE})])
    expect(delta.groups).toEqual([expect.objectContaining({count: 2, node: 'master2'})])
    expect(delta.lineCounts.get('master2')).toBeGreaterThan(100)
  })
})

test('a core-dump trace linked to its log crash is not a crash group nor a node\'s last crash of its own', async () => {
  // Given the core trace of master1's death, stored after its log crash and linked to it
  const [core] = (await diagnoseLog([path.join(ROOT, 'samples/cpp-pegasus-tcmalloc-invalid-free-gdb.log')])).report.crashes
  const ingest = new IngestStore(writer.db)
  const source = ingest.source({path: 'cores/master1.4242.gdb.txt', inode: null, headHash: null})
  const checkpoint = {offset: 1, lineNo: 1, scanOffset: 1, scanLineNo: 1}
  ingest.commit(source.id, {lines: [], crashes: [{...core!, node: 'master1', pid: null, time: null}], checkpoint, fromCore: true})
  // Then the monitor shows master1's diagnosed crash, once
  const delta = new LiveReader(reader.db).poll()!
  expect(delta.groups).toEqual([expect.objectContaining({node: 'master1', rule: MASTER_RULE})])
  expect(delta.nodeCrashes).toEqual([expect.objectContaining({node: 'master1', crashes: 1, rule: MASTER_RULE})])
})
