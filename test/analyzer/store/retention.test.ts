import {mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {expect, test} from 'vitest'
import {diagnoseLog} from '../../../analyzer/diagnose.js'
import {linesOf} from '../../../analyzer/lines/line.js'
import {IngestStore} from '../../../analyzer/store/ingest-store.js'
import {openStoreForWrite} from '../../../analyzer/store/open-store.js'
import {applyRetention} from '../../../analyzer/store/retention.js'
import {ROOT} from '../../helpers/cli.js'

test('retention drops old and overflowing lines but keeps every crash with its context', async () => {
  const store = openStoreForWrite(path.join(mkdtempSync(path.join(tmpdir(), 'storctl-ret-')), 'storctl.db'))
  try {
    const sample = path.join(ROOT, 'samples/go-datanode-nil-pointer-panic.log')
    const {report} = await diagnoseLog([sample])
    const ingest = new IngestStore(store.db)
    const source = ingest.source({path: sample, inode: 1, headHash: 'h'})
    const old = Array.from({length: 500}, (_, i) => `2020/01/01 00:00:${String(i % 60).padStart(2, '0')}.000000 a.go:1: [INFO] old ${i}`).join('\n')
    const {readFileSync} = await import('node:fs')
    const lines = linesOf(`${old}\n${readFileSync(sample, 'utf8')}`)
    const crashes = report.crashes.map((c) => ({...c, lines: {start: c.lines.start + 500, end: c.lines.end + 500}}))
    ingest.commit(source.id, {lines, crashes, checkpoint: {offset: 1, lineNo: lines.length, scanOffset: 1, scanLineNo: lines.length}})
    const removed = applyRetention(store.db, {maxAgeMs: 24 * 3600_000, maxLines: 1_000_000, keepBefore: 200, keepAfter: 50})
    const crashStart = crashes[0]!.lines.start
    expect(removed).toBe(crashStart - 200 - 1)
    const kept = store.db.prepare('SELECT min(line_no) AS first FROM log_lines').get() as {first: number}
    expect(kept.first).toBe(crashStart - 200)
    const capped = applyRetention(store.db, {maxAgeMs: 1e15, maxLines: 10, keepBefore: 0, keepAfter: 0})
    const left = store.db.prepare('SELECT count(*) AS n FROM log_lines').get() as {n: number}
    expect(capped).toBeGreaterThan(0)
    expect(left.n).toBeGreaterThanOrEqual(crashes[0]!.lines.end - crashStart + 1)
  } finally {
    store.close()
  }
})
