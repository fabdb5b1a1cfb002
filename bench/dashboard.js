// `node bench/dashboard.js`: what one dashboard refresh costs (reader queries + view model) on a 1M-line store.
// The store: BENCH_DASHBOARD_DB if set (e.g. the monitor's bench store), else bench/out/dashboard-1m.db,
// built once with multi-row inserts (8 nodes in 4 files, 500 lines/s over ~33 min, 200 crashes) and reused.
// Timed on a temp copy (BENCH_DASHBOARD_RUNS each, default 30): a cold refresh (first poll: every line counted once), a poll
// with nothing new, a poll after a commit of 1000 lines and a crash, and the view model alone.
// Needs a built project (`npm run build`). Exits non-zero only on errors.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import Database from 'better-sqlite3'
import {openStoreForRead, openStoreForWrite} from '../dist/analyzer/store/open-store.js'
import {DashboardReader} from '../dist/analyzer/store/dashboard-read.js'
import {createDashboardRefresher, storeNodeSource} from '../dist/cli/services/dashboard.js'
import {buildDashboardView} from '../dist/cli/ui/dashboard/view-model.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const LINES = 1_000_000
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 30)
const NODES = ['master-1', 'master-2', 'meta-1', 'meta-2', 'data-1', 'data-2', 'replica-1', 'replica-2']
const KINDS = ['sigsegv', 'panic', 'abort', 'invalid-free', 'oom', 'large-alloc']
const T0 = Date.UTC(2026, 10, 21, 16, 0, 0)
const ROWS_PER_INSERT = 500

const text = (i, node) => `2026/11/21 16:00:00.000000 partition.go:226: [INFO] ${node} action[apply] partition(${i % 977}) index(${i})`

function insertLines(db, sources, from, count) {
  const head = 'INSERT INTO log_lines (source_id, line_no, offset, ts, level, node, text) VALUES '
  const many = db.prepare(head + Array(ROWS_PER_INSERT).fill('(?, ?, ?, ?, ?, ?, ?)').join(', '))
  const one = db.prepare(head + '(?, ?, ?, ?, ?, ?, ?)')
  let values = []
  for (let i = from; i < from + count; i++) {
    const source = sources[i % sources.length]
    const node = NODES[i % NODES.length]
    source.lineNo++
    values.push(source.id, source.lineNo, source.lineNo * 100, T0 + i * 2, 'INFO', node, text(i, node))
    if (values.length === ROWS_PER_INSERT * 7) {
      many.run(values)
      values = []
    }
  }
  for (let i = 0; i < values.length; i += 7) one.run(values.slice(i, i + 7))
  const checkpoint = db.prepare('UPDATE sources SET line_no = ?, offset = ? WHERE id = ?')
  for (const s of sources) checkpoint.run(s.lineNo, s.lineNo * 100, s.id)
}

function insertCrash(db, sources, i) {
  const source = sources[i % sources.length]
  db.prepare(`INSERT INTO crashes (source_id, node, kind, kinds, first_line, last_line, ts, fingerprint, rule, confidence, report_json, stored_at)
    VALUES (?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, '{}', ?)`).run(source.id, NODES[i % NODES.length], KINDS[i % KINDS.length], 1000 + i * 7, 1000 + i * 7 + 5,
    T0 + i * 10_000, `fp${i % 40}`, i % 2 ? 'bench-rule' : null, i % 2 ? 0.9 : 0, new Date().toISOString())
}

function buildStore(file) {
  fs.rmSync(file, {force: true})
  const store = openStoreForWrite(file)
  const sources = [0, 1, 2, 3].map((n) => {
    const id = store.db.prepare("INSERT INTO sources (path, first_seen, updated_at) VALUES (?, 'now', 'now')").run(`/var/log/bench/node-${n}.log`).lastInsertRowid
    return {id: Number(id), lineNo: 0}
  })
  const started = performance.now()
  store.db.transaction(() => {
    insertLines(store.db, sources, 0, LINES)
    for (let i = 0; i < 200; i++) insertCrash(store.db, sources, i)
  })()
  store.close()
  return (performance.now() - started) / 1000
}

function storeFile() {
  if (process.env.BENCH_DASHBOARD_DB) return {file: path.resolve(process.env.BENCH_DASHBOARD_DB), note: 'given'}
  const file = path.join(ROOT, 'bench', 'out', 'dashboard-1m.db')
  if (fs.existsSync(file)) {
    const db = new Database(file, {readonly: true})
    const n = db.prepare('SELECT count(*) AS n FROM log_lines').get().n
    db.close()
    if (n >= LINES) return {file, note: 'cached'}
  }
  fs.mkdirSync(path.dirname(file), {recursive: true})
  return {file, note: `built in ${buildStore(file).toFixed(1)} s`}
}

function timed(runs, before, step) {
  const ms = []
  for (let i = 0; i < runs; i++) {
    const arg = before?.()
    const t = performance.now()
    step(arg)
    ms.push(performance.now() - t)
  }
  ms.sort((a, b) => a - b)
  return {median: ms[Math.floor(ms.length / 2)], p95: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)]}
}

const {file: kept, note} = storeFile()
// Commits go to a copy: the kept (or given) store stays as it was.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'storctl-bench-dashboard-'))
const file = path.join(tmp, 'storctl.db')
fs.copyFileSync(kept, file)
const reading = openStoreForRead(file)
const total = reading.db.prepare('SELECT count(*) AS n FROM log_lines').get().n
console.log(`store: ${path.relative(ROOT, kept)} (${note}), ${total} lines, ${fs.statSync(file).size >> 20} MB; ${RUNS} runs each`)

const options = {windowSeconds: 60, nodeSource: storeNodeSource}
const rows = []
rows.push(['cold refresh (first poll, counts every line)', timed(Math.min(RUNS, 5), null, () => createDashboardRefresher(reading.db, options)())])
const refresh = createDashboardRefresher(reading.db, options)
refresh()
rows.push(['poll, nothing new (data_version only)', timed(RUNS, null, () => refresh())])

// Another connection plays watch: 1000 new lines and a crash per commit, appended after the existing ones.
const writer = new Database(file)
const sources = writer.prepare('SELECT id, line_no AS lineNo FROM sources ORDER BY id').all()
let next = total
let crash = 1000
const commit = () => writer.transaction(() => { insertLines(writer, sources, next, 1000); next += 1000; insertCrash(writer, sources, crash++) })()
rows.push(['poll after a commit (1000 lines + 1 crash)', timed(RUNS, commit, () => { if (refresh() === null) throw new Error('a commit went unnoticed') })])

const data = new DashboardReader(reading.db, {windowSeconds: 60, tailLines: 200, recentCrashes: 50}).read()
const input = {...data, nodes: storeNodeSource.rows(data.nodes), windowSeconds: 60}
rows.push(['view model alone (buildDashboardView)', timed(RUNS, null, () => buildDashboardView(input))])

writer.close()
reading.close()
fs.rmSync(tmp, {recursive: true, force: true})

console.log('\n| step | median ms | p95 ms |\n|---|---:|---:|')
for (const [name, {median, p95}] of rows) console.log(`| ${name} | ${median.toFixed(2)} | ${p95.toFixed(2)} |`)
