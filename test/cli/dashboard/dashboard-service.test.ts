import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {openStoreForRead} from '../../../analyzer/store/open-store.js'
import type {StoreNode} from '../../../analyzer/store/dashboard-read.js'
import {clusterNodeSource, createDashboardRefresher, dashboard, nodeSourceFor, storeNodeSource, type ClusterNodeLike, type DashboardScreen} from '../../../cli/services/dashboard.js'
import type {DashboardView} from '../../../cli/ui/dashboard/view-model.js'
import {fixtureStore, type FixtureStore} from './fixture-store.js'

let store: FixtureStore
beforeAll(async () => { store = await fixtureStore() })
afterAll(() => store.remove())

/** A screen that records views and quits (or fails) once it has shown `quitAfter` of them. */
function fakeScreen(quitAfter: number, failWith?: Error): DashboardScreen & {views: DashboardView[]; closes: number} {
  let settle = {resolve: () => {}, reject: (_e: unknown) => {}}
  const closed = new Promise<void>((resolve, reject) => { settle = {resolve, reject} })
  const screen = {
    views: [] as DashboardView[], closes: 0, closed,
    show(view: DashboardView) {
      screen.views.push(view)
      if (screen.views.length < quitAfter) return
      if (failWith) settle.reject(failWith)
      else settle.resolve()
    },
    close() { screen.closes++ },
  }
  return screen
}

describe('createDashboardRefresher', () => {
  test('a view first, none while the store is unchanged, a new one after watch commits', async () => {
    const reading = openStoreForRead(store.db)
    try {
      const refresh = createDashboardRefresher(reading.db, {windowSeconds: 60, nodeSource: storeNodeSource})
      expect(refresh()?.kinds.titles).toEqual(['panic', 'sigfpe', 'sigsegv'])
      expect(refresh()).toBeNull()
      await store.ingest('cpp-replica-glog-check-failed.log')
      const view = refresh()
      expect(view?.kinds.title).toBe('crash kinds (4)')
      expect(refresh()).toBeNull()
    } finally {
      reading.close()
    }
  })
})

describe('dashboard', () => {
  test('shows views until the screen quits, then closes the screen', async () => {
    const screen = fakeScreen(1)
    const result = await dashboard({file: store.db, refreshMs: 10, windowSeconds: 60, nodeSource: storeNodeSource, openScreen: () => screen})
    expect(result).toEqual({views: 1})
    expect(screen.closes).toBe(1)
    expect(screen.views[0]!.recent.table.rows.length).toBeGreaterThan(0)
  })

  test('a screen failure rejects with that error, after the screen is closed', async () => {
    const screen = fakeScreen(1, new Error('drawing failed'))
    await expect(dashboard({file: store.db, refreshMs: 10, windowSeconds: 60, nodeSource: storeNodeSource, openScreen: () => screen})).rejects.toThrow('drawing failed')
    expect(screen.closes).toBe(1)
  })

  test('a missing store is a one-line abort (store-missing, exit 3) before any screen opens', async () => {
    let opened = false
    const run = dashboard({file: path.join(store.dir, 'none.db'), refreshMs: 10, windowSeconds: 60, nodeSource: storeNodeSource, openScreen: () => { opened = true; return fakeScreen(1) }})
    await expect(run).rejects.toMatchObject({oclif: {exit: 3}, code: 'store-missing'})
    expect(opened).toBe(false)
  })
})

describe('clusterNodeSource', () => {
  const storeNodes: StoreNode[] = [
    {node: 'master-1', lines: 5, lastLineTs: 1, crashes: 1, lastCrash: {kind: 'sigsegv', ts: 1, rule: null}},
    {node: '/c/logs/replica-1.log', lines: 7, lastLineTs: 2, crashes: 0, lastCrash: null},
    {node: 'stray', lines: 1, lastLineTs: 3, crashes: 0, lastCrash: null},
  ]
  const status = (nodes: Partial<ClusterNodeLike>[]) => () => ({nodes: nodes.map((n) => ({role: 'master', health: 'healthy', uptimeMs: 1000, restarts: 0, log: '', lastCrash: null, id: 'x', ...n}))})

  test('cluster nodes first, matched by name or by their log file; store-only nodes after', () => {
    const source = clusterNodeSource('/c', status([{id: 'master-1'}, {id: 'replica-1', role: 'replica', log: 'logs/replica-1.log', restarts: 2}, {id: 'meta-1'}]))
    const rows = source.rows(storeNodes)
    expect(rows.map((r) => [r.node, r.role, r.lines, r.restarts])).toEqual([
      ['master-1', 'master', 5, 0], ['replica-1', 'replica', 7, 2], ['meta-1', 'master', 0, 0], ['stray', null, 1, null],
    ])
    expect(rows[0]!.lastCrash).toEqual(expect.objectContaining({kind: 'sigsegv'}))
  })

  test('--db, or a directory without cluster.json, uses the store alone', async () => {
    expect(await nodeSourceFor(undefined)).toBe(storeNodeSource)
    expect(await nodeSourceFor(store.dir)).toBe(storeNodeSource)
  })

  test('the store-only source passes the store\'s nodes through without cluster columns', () => {
    expect(storeNodeSource.rows(storeNodes).map((r) => [r.node, r.role, r.health])).toEqual([
      ['master-1', null, null], ['/c/logs/replica-1.log', null, null], ['stray', null, null],
    ])
  })
})
