import {existsSync} from 'node:fs'
import {StoreError} from '../../analyzer/store/errors.js'
import {LiveReader, type LiveDelta} from '../../analyzer/store/live-read.js'
import {openStoreForRead, type OpenedStore} from '../../analyzer/store/open-store.js'
import {ReadStore} from '../../analyzer/store/read-store.js'
import {clusterPaths} from '../../cluster/layout.js'
import {AbortError} from '../lib/errors.js'
import {EXIT} from '../lib/exit-codes.js'
import {DEFAULT_STORE_DIR, storeFile} from '../lib/store-flags.js'
import type {ClusterNodesView} from './monitor-model.js'
import type {CrashDetail} from './store.js'

/** Reads a cluster directory's status (clusterStatus, unless a test says otherwise). */
export type ClusterStatusReader = (dir: string) => ClusterNodesView

export interface MonitorOptions {
  db?: string
  dir?: string
  tailLines?: number
  clusterStatus?: ClusterStatusReader
}

/** An open store (read-only) being followed, and the cluster directory when there is one. */
export class MonitorSession {
  private readonly reader: LiveReader
  private readonly store: ReadStore

  private constructor(private readonly opened: OpenedStore, readonly file: string, readonly clusterDir: string | null, private readonly status: ClusterStatusReader | null, tailLines?: number) {
    this.reader = new LiveReader(opened.db, {tailLines})
    this.store = new ReadStore(opened.db)
  }

  /** Opens the store of --db/--dir/STORCTL_DIR; store problems become one-line aborts. */
  static async open(options: MonitorOptions, env: {STORCTL_DIR?: string} = process.env): Promise<MonitorSession> {
    const file = storeFile(options, env)
    const dir = options.dir || (options.db ? undefined : env.STORCTL_DIR || DEFAULT_STORE_DIR)
    const clusterDir = dir !== undefined && existsSync(clusterPaths(dir).spec) ? clusterPaths(dir).dir : null
    // The cluster's modules load only when there is a cluster to show.
    const status = options.clusterStatus ?? (clusterDir === null ? null : (await import('./status.js')).clusterStatus)
    try {
      return new MonitorSession(openStoreForRead(file), file, clusterDir, status, options.tailLines)
    } catch (error) {
      if (!(error instanceof StoreError)) throw error
      throw new AbortError(error.message, {code: error.code, hint: error.hint, exit: EXIT.input})
    }
  }

  /** What is new in the store since the last poll; null when nothing changed. */
  poll(): LiveDelta | null {
    return this.reader.poll()
  }

  /** One crash with its diagnosis and the timeline before it on every node. */
  crashDetail(id: number): CrashDetail | null {
    const found = this.store.crash(id, 60)
    if (!found) return null
    const timeline = found.timeline.map((l) => ({source: l.source_path, lineNo: l.line_no, time: l.ts === null ? null : new Date(l.ts).toISOString(), level: l.level, node: l.node, text: l.text}))
    const linked = found.linked.map((l) => ({id: l.id, kind: l.kind, source: l.source_path, lines: {start: l.first_line, end: l.last_line}, coreTrace: l.from_core === 1}))
    return {id: found.row.id, crash: found.report, timeline, linked}
  }

  /** The cluster's nodes (null without a cluster directory). */
  cluster(): ClusterNodesView | null {
    return this.clusterDir === null || this.status === null ? null : this.status(this.clusterDir)
  }

  /** Runs a fault scenario on a node of the reference cluster; a one-line outcome. */
  async injectFault(scenario: string, node: string): Promise<string> {
    if (this.clusterDir === null) throw new AbortError('fault injection needs the reference cluster', {code: 'no-cluster', hint: 'run storctl monitor --dir DIR'})
    const {injectFault} = await import('./fault.js')
    const outcome = await injectFault(this.clusterDir, scenario, {node})
    return `${outcome.scenario} on ${outcome.node}: ${outcome.result}${outcome.detail ? ` (${outcome.detail})` : ''}`
  }

  close(): void {
    this.opened.close()
  }
}
