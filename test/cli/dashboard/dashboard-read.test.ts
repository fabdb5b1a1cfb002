import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {DashboardReader} from '../../../analyzer/store/dashboard-read.js'
import {openStoreForRead, type OpenedStore} from '../../../analyzer/store/open-store.js'
import {fixtureStore, type FixtureStore} from './fixture-store.js'

const OPTIONS = {windowSeconds: 60, tailLines: 5, recentCrashes: 10}
let store: FixtureStore
let reading: OpenedStore

beforeAll(async () => {
  store = await fixtureStore()
  reading = openStoreForRead(store.db)
})
afterAll(() => (reading.close(), store.remove()))

const byName = <N extends {node: string}>(nodes: N[], suffix: string): N | undefined => nodes.find((n) => n.node.endsWith(suffix))

describe('DashboardReader over a store written from the samples', () => {
  test('crash kinds with how many a rule explains, and recent crashes newest first', () => {
    const data = new DashboardReader(reading.db, OPTIONS).read()
    expect(data.kinds).toEqual([
      {kind: 'panic', crashes: 1, known: 0}, {kind: 'sigfpe', crashes: 1, known: 0}, {kind: 'sigsegv', crashes: 1, known: 1},
    ])
    expect(data.recent.map((c) => [c.kind, c.rule])).toEqual([['sigfpe', null], ['sigsegv', 'cubefs-master-shutdown-rocksdb-race'], ['panic', null]])
    expect(data.recent[2]!.node).toBe('node-2')
  })

  test('nodes: prefixed node names, else the log file; line counts and each node\'s last crash', () => {
    const {nodes} = new DashboardReader(reading.db, OPTIONS).read()
    expect(byName(nodes, 'node-1')).toEqual(expect.objectContaining({lines: 68, crashes: 0, lastCrash: null}))
    expect(byName(nodes, 'node-2')).toEqual(expect.objectContaining({lines: 37, crashes: 1, lastCrash: expect.objectContaining({kind: 'panic'})}))
    expect(byName(nodes, 'go-master-cgo-sigsegv-shutdown.log')).toEqual(expect.objectContaining({lines: 157, crashes: 1}))
  })

  test('rates: per node and second, over a window ending at the newest timed line', () => {
    const {window, rates} = new DashboardReader(reading.db, OPTIONS).read()
    const newest = (reading.db.prepare('SELECT max(ts) AS ts FROM log_lines').get() as {ts: number}).ts
    expect(window).toEqual({firstSecond: Math.floor(newest / 1000) - 59, lastSecond: Math.floor(newest / 1000)})
    const sum = (node: string) => rates.filter((r) => r.node === node).reduce((a, r) => a + r.lines, 0)
    const timed = (node: string) => (reading.db.prepare('SELECT count(ts) AS n FROM log_lines WHERE node = ?').get(node) as {n: number}).n
    expect(sum('node-1')).toBe(timed('node-1'))
    expect(rates.every((r) => r.second >= window!.firstSecond && r.second <= window!.lastSecond)).toBe(true)
  })

  test('tail: the newest lines across sources, untimed ones placed by their file\'s last time', () => {
    const {tail} = new DashboardReader(reading.db, OPTIONS).read()
    expect(tail).toHaveLength(5)
    expect(tail.every((l) => l.node.endsWith('cpp-replica-glog-sigfpe.log'))).toBe(true)
    expect(tail.map((l) => l.lineNo)).toEqual([17, 18, 19, 20, 21])
  })

  test('changed() is true first, false while nothing is written, true after a commit', async () => {
    const reader = new DashboardReader(reading.db, OPTIONS)
    expect([reader.changed(), reader.changed()]).toEqual([true, false])
    await store.ingest('go-datanode-nil-pointer-panic.log')
    expect([reader.changed(), reader.changed()]).toEqual([true, false])
  })

  test('reading only new lines each poll adds up to what a fresh reader counts', async () => {
    const polled = new DashboardReader(reading.db, OPTIONS)
    polled.read()
    await store.ingest('go-datanode-oom-ulimit.log')
    const incremental = polled.read()
    const fresh = new DashboardReader(reading.db, OPTIONS).read()
    expect(incremental.nodes).toEqual(fresh.nodes)
    expect(incremental.kinds).toEqual(fresh.kinds)
    expect(byName(incremental.nodes, 'go-datanode-oom-ulimit.log')!.crashes).toBe(1)
  })
})
