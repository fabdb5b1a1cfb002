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
