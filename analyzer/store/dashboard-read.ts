import type Database from 'better-sqlite3'
import {NewLineCounter, type SourceEnd} from './new-line-counter.js'
import {statement} from './statements.js'

/** Lines of one node in one second (epoch seconds). */
export interface NodeRate {
  node: string
  second: number
  lines: number
}

export interface KindCount {
  kind: string
  crashes: number
  /** Crashes a rule explains. */
  known: number
}

export interface RecentCrash {
  id: number
  ts: number | null
  node: string
  kind: string
  rule: string | null
  confidence: number | null
}

/** A node as the store knows it: a node name, or the file of lines that name none. */
export interface StoreNode {
  node: string
  lines: number
  lastLineTs: number | null
  crashes: number
  lastCrash: {kind: string; ts: number | null; rule: string | null} | null
}

export interface TailLine {
  node: string
  lineNo: number
  ts: number | null
  level: string | null
  text: string
}

export interface DashboardData {
  /** Epoch seconds [first, last] the rates cover; null while no line has a time. */
  window: {firstSecond: number; lastSecond: number} | null
  rates: NodeRate[]
  kinds: KindCount[]
  recent: RecentCrash[]
  nodes: StoreNode[]
  /** The newest lines across sources, oldest first. */
  tail: TailLine[]
}

export interface DashboardReadOptions {
  windowSeconds: number
  tailLines: number
  recentCrashes: number
}

interface CrashPart { kinds: KindCount[]; recent: RecentCrash[]; byNode: Map<string, Pick<StoreNode, 'crashes' | 'lastCrash'>> }
type Tailed = TailLine & {sourceId: number; order: number}

/** The dashboard's read-only queries; each poll reads only what changed (new lines, new crashes). */
export class DashboardReader {
  private version: number | null = null
  private crashStamp = ''
  private crashPart: CrashPart = {kinds: [], recent: [], byNode: new Map()}
  private readonly newLines: NewLineCounter
  private readonly lineTotals = new Map<string, {lines: number; lastLineTs: number | null}>()
  private readonly stmt: Record<string, Database.Statement>

  constructor(private readonly db: Database.Database, private readonly options: DashboardReadOptions) {
    const names = ['liveSources', 'dashboardNewestTs', 'dashboardLineRates', 'dashboardCrashStamp', 'dashboardCrashKinds',
      'dashboardRecentCrashes', 'dashboardNodeCrashes', 'dashboardSourceTail', 'dashboardSourceLastTs']
    this.stmt = Object.fromEntries(names.map((n) => [n, db.prepare(statement(n))]))
    this.newLines = new NewLineCounter(db)
  }

  /** Whether another connection committed since the last call (true on the first): one pragma. */
  changed(): boolean {
    const version = this.db.pragma('data_version', {simple: true}) as number
    const changed = version !== this.version
    this.version = version
    return changed
  }

  /** Everything the dashboard shows, from one consistent snapshot of the store. */
  read(): DashboardData {
    return this.db.transaction(() => {
      const sources = this.stmt.liveSources!.all() as SourceEnd[]
      const paths = new Map(sources.map((s) => [s.id, s.path]))
      const nameOf = (node: string | null, sourceId: number): string => node ?? paths.get(sourceId) ?? `source ${sourceId}`
      this.readNewLines(sources, nameOf)
      const crashes = this.readCrashes(nameOf)
      const {window, rates} = this.readRates(nameOf)
      return {window, rates, kinds: crashes.kinds, recent: crashes.recent, nodes: this.nodes(crashes), tail: this.readTail(sources, nameOf)}
    })()
  }

  private readNewLines(sources: SourceEnd[], nameOf: (node: string | null, sourceId: number) => string): void {
    this.newLines.eachNewRange(sources, (range) => {
      for (const r of this.newLines.countByNode(range)) {
        const name = nameOf(r.node, range.sourceId)
        const total = this.lineTotals.get(name) ?? {lines: 0, lastLineTs: null}
        total.lines += r.lines
        if (r.last_ts !== null) total.lastLineTs = Math.max(total.lastLineTs ?? r.last_ts, r.last_ts)
        this.lineTotals.set(name, total)
      }
    })
  }

  private readCrashes(nameOf: (node: string | null, sourceId: number) => string): CrashPart {
    const stamp = this.stmt.dashboardCrashStamp!.get() as {n: number; last_id: number}
    if (`${stamp.n}:${stamp.last_id}` === this.crashStamp) return this.crashPart
    this.crashStamp = `${stamp.n}:${stamp.last_id}`
    const kinds = this.stmt.dashboardCrashKinds!.all() as KindCount[]
    const recent = (this.stmt.dashboardRecentCrashes!.all({limit: this.options.recentCrashes}) as (Omit<RecentCrash, 'node'> & {node: string | null; source_path: string})[])
      .map(({source_path, ...c}) => ({...c, node: c.node ?? source_path}))
    const byNode: CrashPart['byNode'] = new Map()
    type Row = {node: string | null; source_id: number; crashes: number; last_id: number; kind: string; ts: number | null; rule: string | null}
    for (const r of (this.stmt.dashboardNodeCrashes!.all() as Row[]).sort((a, b) => a.last_id - b.last_id)) {
      const name = nameOf(r.node, r.source_id)
      byNode.set(name, {crashes: (byNode.get(name)?.crashes ?? 0) + r.crashes, lastCrash: {kind: r.kind, ts: r.ts, rule: r.rule}})
    }
    this.crashPart = {kinds, recent, byNode}
    return this.crashPart
  }

  private readRates(nameOf: (node: string | null, sourceId: number) => string): Pick<DashboardData, 'window' | 'rates'> {
    const newest = (this.stmt.dashboardNewestTs!.get() as {ts: number | null}).ts
    if (newest === null) return {window: null, rates: []}
    const lastSecond = Math.floor(newest / 1000)
    const firstSecond = lastSecond - this.options.windowSeconds + 1
    const rows = this.stmt.dashboardLineRates!.all({from: firstSecond * 1000, to: (lastSecond + 1) * 1000}) as {node: string | null; source_id: number; second: number; lines: number}[]
    const rates = new Map<string, NodeRate>()
    for (const r of rows) {
      const node = nameOf(r.node, r.source_id)
      const rate = rates.get(`${node}\n${r.second}`) ?? {node, second: r.second, lines: 0}
      rate.lines += r.lines
      rates.set(`${node}\n${r.second}`, rate)
    }
    return {window: {firstSecond, lastSecond}, rates: [...rates.values()]}
  }

  private nodes(crashes: CrashPart): StoreNode[] {
    const names = new Set([...this.lineTotals.keys(), ...crashes.byNode.keys()])
    return [...names].sort().map((node) => ({
      node, lines: this.lineTotals.get(node)?.lines ?? 0, lastLineTs: this.lineTotals.get(node)?.lastLineTs ?? null,
      crashes: crashes.byNode.get(node)?.crashes ?? 0, lastCrash: crashes.byNode.get(node)?.lastCrash ?? null,
    }))
  }

  /** Each source's newest lines (a primary-key range), merged by time; untimed lines keep their place in their file. */
  private readTail(sources: SourceEnd[], nameOf: (node: string | null, sourceId: number) => string): TailLine[] {
    const limit = this.options.tailLines
    const merged: Tailed[] = []
    for (const source of sources) {
      const rows = (this.stmt.dashboardSourceTail!.all({sourceId: source.id, upTo: source.line_no, limit}) as {line_no: number; ts: number | null; level: string | null; node: string | null; text: string}[]).reverse()
      const first = rows[0]
      if (first === undefined) continue
      let order = first.ts ?? (this.stmt.dashboardSourceLastTs!.get({sourceId: source.id, upTo: first.line_no}) as {ts: number} | undefined)?.ts ?? 0
      for (const r of rows) {
        order = r.ts ?? order
        merged.push({node: nameOf(r.node, source.id), lineNo: r.line_no, ts: r.ts, level: r.level, text: r.text, sourceId: source.id, order})
      }
    }
    merged.sort((a, b) => a.order - b.order || a.sourceId - b.sourceId || a.lineNo - b.lineNo)
    return merged.slice(-limit).map(({sourceId: _s, order: _o, ...line}) => line)
  }
}
