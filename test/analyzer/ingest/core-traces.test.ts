import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {expect, test} from 'vitest'
import {diagnoseLog} from '../../../analyzer/diagnose.js'
import {coreTraceFile} from '../../../analyzer/ingest/core-traces.js'
import {IngestStore} from '../../../analyzer/store/ingest-store.js'
import {openStoreForWrite} from '../../../analyzer/store/open-store.js'
import {ReadStore} from '../../../analyzer/store/read-store.js'
import {ROOT} from '../../helpers/cli.js'

test('a core trace file names its node and pid by its place and name', () => {
  expect(coreTraceFile('/c/cores/replica-2.4242.bt')).toEqual({node: 'replica-2', pid: 4242})
  expect(coreTraceFile('/c/cores/core.master-1.txt')).toEqual({node: 'master-1', pid: null})
  expect(coreTraceFile('/c/logs/replica-2.log')).toBeNull()
})

test('a core trace crash is linked to the log crash of the same process, whichever is stored first', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-cores-'))
  const store = openStoreForWrite(path.join(dir, 's.db'))
  try {
    const ingest = new IngestStore(store.db)
    const glog = path.join(ROOT, 'samples/cpp-pegasus-tcmalloc-invalid-free-glog.log')
    const gdb = path.join(ROOT, 'samples/cpp-pegasus-tcmalloc-invalid-free-gdb.log')
    mkdirSync(path.join(dir, 'cores'))
    const coreFile = path.join(dir, 'cores', 'replica-1.bt')
    writeFileSync(coreFile, readFileSync(gdb))
    const [logCrash] = (await diagnoseLog([glog])).report.crashes
    const [coreCrash] = (await diagnoseLog([coreFile])).report.crashes
    const checkpoint = {offset: 1, lineNo: 1, scanOffset: 1, scanLineNo: 1}
    const coreSource = ingest.source({path: coreFile, inode: 2, headHash: 'b'})
    ingest.commit(coreSource.id, {lines: [], crashes: [{...coreCrash!, node: 'replica-1', pid: logCrash!.pid, time: logCrash!.time}], checkpoint, fromCore: true})
    const logSource = ingest.source({path: glog, inode: 1, headHash: 'a'})
    ingest.commit(logSource.id, {lines: [], crashes: [{...logCrash!, node: 'replica-1'}], checkpoint})
    const read = new ReadStore(store.db)
    const logRow = read.crashes().find((c) => c.source_path === glog)!
    expect(read.crash(logRow.id)!.linked.map((l) => [l.source_path, l.from_core])).toEqual([[coreFile, 1]])
  } finally {
    store.close()
  }
})

test('a core trace without a time of its own takes its log crash time, and lists as the core of that crash', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-cores-'))
  const store = openStoreForWrite(path.join(dir, 's.db'))
  try {
    const ingest = new IngestStore(store.db)
    const glog = path.join(ROOT, 'samples/cpp-pegasus-tcmalloc-invalid-free-glog.log')
    const [logCrash] = (await diagnoseLog([glog])).report.crashes
    const [coreCrash] = (await diagnoseLog([path.join(ROOT, 'samples/cpp-pegasus-tcmalloc-invalid-free-gdb.log')])).report.crashes
    const checkpoint = {offset: 1, lineNo: 1, scanOffset: 1, scanLineNo: 1}
    const coreSource = ingest.source({path: path.join(dir, 'cores', 'replica-1.7.gdb.txt'), inode: 2, headHash: 'b'})
    ingest.commit(coreSource.id, {lines: [], crashes: [{...coreCrash!, node: 'replica-1', pid: 7, time: null}], checkpoint, fromCore: true})
    const logSource = ingest.source({path: glog, inode: 1, headHash: 'a'})
    ingest.commit(logSource.id, {lines: [], crashes: [{...logCrash!, node: 'replica-1', pid: 7, time: '2026-11-21T17:00:00.000Z'}], checkpoint})
    const rows = new ReadStore(store.db).crashes()
    const log = rows.find((r) => r.source_path === glog)!
    const core = rows.find((r) => r.source_path !== glog)!
    expect(core.ts).toBe(Date.parse('2026-11-21T17:00:00.000Z'))
    expect(core.core_of).toBe(log.id)
    expect(log.core_of).toBeNull()
  } finally {
    store.close()
  }
})
