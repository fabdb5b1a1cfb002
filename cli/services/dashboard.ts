import {existsSync} from 'node:fs'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import type Database from 'better-sqlite3'
import {DashboardReader, type DashboardData, type StoreNode} from '../../analyzer/store/dashboard-read.js'
import {clusterPaths} from '../../cluster/layout.js'
import {StoreError} from '../../analyzer/store/errors.js'
import {openStoreForRead, type OpenedStore} from '../../analyzer/store/open-store.js'
import {AbortError} from '../lib/errors.js'
import {EXIT} from '../lib/exit-codes.js'
import {buildDashboardView, type DashboardNode, type DashboardView} from '../ui/dashboard/view-model.js'

/** Where the node table's rows come from: the store alone, or the store merged with a cluster's status. */
export interface NodeTableSource {
  rows(store: StoreNode[]): DashboardNode[]
}

/** The part of cli/services/status.ts's NodeStatus the node table shows. */
export interface ClusterNodeLike {
  id: string
  role: string
  health: string
  uptimeMs: number | null
  restarts: number
  log: string
  lastCrash: {kind: string; ts: number | null} | null
}

const fromStore = (n: StoreNode): DashboardNode => ({...n, role: null, health: null, uptimeMs: null, restarts: null})

export const storeNodeSource: NodeTableSource = {rows: (store) => store.map(fromStore)}

/** Cluster nodes first (matched to the store by node name or by their log file), then nodes only the store knows. */
export function clusterNodeSource(dir: string, status: (dir: string) => {nodes: ClusterNodeLike[]}): NodeTableSource {
  return {
    rows(store) {
      const byName = new Map(store.map((n) => [n.node, n]))
      const cluster = status(dir).nodes.map((c): DashboardNode => {
        const own = byName.get(c.id) ?? (c.log === '' ? undefined : byName.get(path.resolve(dir, c.log)))
        if (own) byName.delete(own.node)
        const base = own ? fromStore(own) : {node: c.id, lines: 0, lastLineTs: null, crashes: 0, lastCrash: null}
        return {...base, node: c.id, role: c.role, health: c.health, uptimeMs: c.uptimeMs, restarts: c.restarts, lastCrash: base.lastCrash ?? c.lastCrash}
      })
      return [...cluster, ...[...byName.values()].map(fromStore)]
    },
  }
}

/** A reference cluster's directory (it has a cluster.json) adds the supervisor's view to the node table. */
export async function nodeSourceFor(dir: string | undefined): Promise<NodeTableSource> {
  if (dir === undefined || !existsSync(clusterPaths(dir).spec)) return storeNodeSource
  // Loaded only for a cluster: a plain store never needs the cluster code.
  const {clusterStatus} = await import('./status.js')
  return clusterNodeSource(dir, clusterStatus)
}

export interface DashboardRefreshOptions {
  windowSeconds: number
  nodeSource: NodeTableSource
  tailLines?: number
  recentCrashes?: number
}

/** A new view when the store changed (PRAGMA data_version) or the node table did; null otherwise. */
export function createDashboardRefresher(db: Database.Database, options: DashboardRefreshOptions): () => DashboardView | null {
  const {windowSeconds, nodeSource, tailLines = 200, recentCrashes = 50} = options
  const reader = new DashboardReader(db, {windowSeconds, tailLines, recentCrashes})
  let data: DashboardData | null = null
  let nodesKey = ''
  return () => {
    const storeChanged = reader.changed()
    if (storeChanged || data === null) data = reader.read()
    const nodes = nodeSource.rows(data.nodes)
    const key = JSON.stringify(nodes)
    if (!storeChanged && key === nodesKey) return null
    nodesKey = key
    return buildDashboardView({...data, nodes, windowSeconds})
  }
}

/** What the service draws on; the blessed screen implements it, tests use a fake. */
export interface DashboardScreen {
  /** Resolves when the user quits, rejects when the screen fails. */
  readonly closed: Promise<void>
  show(view: DashboardView): void
  /** Restores the terminal; safe to call twice. */
  close(): void
}

export interface DashboardOptions extends DashboardRefreshOptions {
  file: string
  refreshMs: number
  /** Called once the store is open, so a missing store never flashes a screen. */
  openScreen: () => DashboardScreen
}

function openStore(file: string): OpenedStore {
  try {
    return openStoreForRead(file)
  } catch (error) {
    if (error instanceof StoreError) throw new AbortError(error.message, {code: error.code, hint: error.hint, exit: EXIT.input})
    throw error
  }
}

/** Shows the store on a screen, refreshing when it changes, until the user quits; the terminal is restored whatever happens. */
export async function dashboard(options: DashboardOptions): Promise<{views: number}> {
  const opened = openStore(options.file)
  const stop = new AbortController()
  let views = 0
  try {
    const refresh = createDashboardRefresher(opened.db, options)
    const screen = options.openScreen()
    try {
      let quit = false
      const closed = screen.closed.then(() => { quit = true })
      while (!quit) {
        const view = refresh()
        if (view) {
          screen.show(view)
          views++
        }
        await Promise.race([closed, sleep(options.refreshMs, undefined, {signal: stop.signal}).catch(() => undefined)])
      }
    } finally {
      screen.close()
    }
  } finally {
    stop.abort()
    opened.close()
  }
  return {views}
}
