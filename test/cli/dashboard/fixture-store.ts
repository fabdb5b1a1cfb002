import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {diagnoseLog} from '../../../analyzer/index.js'
import {linesOf} from '../../../analyzer/lines/line.js'
import {IngestStore} from '../../../analyzer/store/ingest-store.js'
import {openStoreForWrite, type OpenedStore} from '../../../analyzer/store/open-store.js'
import {ROOT} from '../../helpers/cli.js'

/** Aggregated node-1..3 lines with a nil-pointer panic; a CubeFS master SIGSEGV a rule explains; a glog SIGFPE. */
export const FIXTURE_SAMPLES = ['multi-aggregated-datanode-nilptr.log', 'go-master-cgo-sigsegv-shutdown.log', 'cpp-replica-glog-sigfpe.log']

export interface FixtureStore {
  dir: string
  db: string
  writer: OpenedStore
  /** Stores one more sample (its lines and crashes) as watch would. */
  ingest(sample: string): Promise<void>
  remove(): void
}

/** A real store in a temp dir, written the way watch writes it; the writer stays open. */
export async function fixtureStore(samples: readonly string[] = FIXTURE_SAMPLES): Promise<FixtureStore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-dashboard-'))
  const db = path.join(dir, 'storctl.db')
  const writer = openStoreForWrite(db)
  const store = new IngestStore(writer.db)
  const ingest = async (sample: string): Promise<void> => {
    const file = path.join(ROOT, 'samples', sample)
    const source = store.source({path: file, inode: statSync(file).ino, headHash: sample})
    const text = readFileSync(file, 'utf8')
    const lines = linesOf(text)
    const {report} = await diagnoseLog([file])
    const end = {offset: Buffer.byteLength(text), lineNo: lines.length}
    store.commit(source.id, {lines, crashes: report.crashes, checkpoint: {...end, scanOffset: end.offset, scanLineNo: end.lineNo}})
  }
  for (const sample of samples) await ingest(sample)
  return {dir, db, writer, ingest, remove: () => (writer.close(), rmSync(dir, {recursive: true, force: true}))}
}
