// `node bench/monitor.js`: how fast `storctl monitor` shows a store of 1M lines, refreshes, and answers keys.
// 1. Builds bench/out/monitor-1m.db (BENCH_MONITOR_LINES, default 1,000,000, over 9 nodes, plus the samples' crashes)
//    with test/helpers/monitor-fixture.ts (multi-row inserts in one transaction), reused between runs.
// 2. First frame, in process: open the store + render the App (ink, to a fake 100x30 stdout) until the frame is there.
// 3. First frame, end to end: the built `storctl monitor` spawned in tmux (100x30), until capture-pane shows it;
//    the same against an empty store shows what Node, oclif and ink cost before any store work.
// 4. Refresh: one poll + model update after another connection committed 1,000 lines; and the no-change poll.
// 5. Keys while lines stream in (a child process writes 5,000 lines/s): key press -> frame showing its effect
//    (BENCH_MONITOR_PRESSES, default 100). Steps 4 and 5 write, so they run on a copy of the store.
// Needs a built project (`npm run build`). Exits non-zero only on errors, never on a missed target.
import {spawn, spawnSync} from 'node:child_process'
import {EventEmitter} from 'node:events'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import Database from 'better-sqlite3'
import {createElement} from 'react'
import {tsImport} from 'tsx/esm/api'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const OUT = path.join(ROOT, 'bench', 'out')
const CLI = path.join(ROOT, 'cli', 'bin', 'run.js')
const LINES = Number(process.env.BENCH_MONITOR_LINES ?? 1_000_000)
const NODES = 9
const TARGET_FIRST_FRAME_MS = 500
const TMUX = '/usr/bin/tmux'
const SOCKET = `storctl-bench-${process.pid}`

// ink draws only the last frame when CI is set (cli/ui/monitor/load.ts): hidden before ink loads, as the monitor does.
for (const name of ['CI', 'CONTINUOUS_INTEGRATION']) delete process.env[name]
const {render} = await import('ink')
const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', p)).href)
const {MonitorSession} = await dist('cli/services/monitor.js')
const {applyDelta, emptyData} = await dist('cli/services/monitor-model.js')
const {App} = await dist('cli/ui/monitor/App.js')
const {openStoreForWrite} = await dist('analyzer/store/open-store.js')
const fixture = await tsImport('../test/helpers/monitor-fixture.ts', import.meta.url)
const {FakeKeyboard} = await tsImport('../test/helpers/fake-keyboard.ts', import.meta.url)

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const sorted = (values) => [...values].sort((a, b) => a - b)
const pct = (values, p) => sorted(values)[Math.max(0, Math.ceil((p / 100) * values.length) - 1)]
const ms = (v) => `${v.toFixed(1)} ms`

async function bigStore() {
  fs.mkdirSync(OUT, {recursive: true})
  const file = path.join(OUT, `monitor-${LINES}.db`)
  let counted = 0
  if (fs.existsSync(file)) {
    const db = new Database(file, {readonly: true})
    counted = db.prepare('SELECT count(*) FROM log_lines').pluck().get()
    db.close()
  }
  if (counted >= LINES) return {file, note: 'cached'}
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, {force: true})
  const t0 = performance.now()
  await fixture.buildBulkStore(file, {lines: LINES, nodes: NODES})
  return {file, note: `built in ${((performance.now() - t0) / 1000).toFixed(1)} s`}
}

/** A store with the schema and nothing in it: what the monitor costs before any store work. */
function emptyStore() {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'storctl-bench-monitor-')), 'storctl.db')
  openStoreForWrite(file).close()
  return file
}

/** A stdout ink can render to: frames are kept, and each write is announced. */
class FakeStdout extends EventEmitter {
  columns = 100
  rows = 30
  frame = ''
  write = (text) => {
    this.frame = text
    this.emit('frame', text)
    return true
  }
}

function mount(session, refreshMs) {
  const stdout = new FakeStdout()
  const stdin = new FakeKeyboard()
  const noop = async () => 'not in a bench'
  const app = render(createElement(App, {session, refreshMs, injectFault: noop, size: {columns: 100, rows: 30}}), {stdout, stdin, debug: true, exitOnCtrlC: false, patchConsole: false})
  return {app, stdout, stdin}
}

function until(stdout, check, timeoutMs = 5000) {
  if (check(stdout.frame)) return Promise.resolve()
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out waiting for a frame')), timeoutMs)
    const on = (frame) => {
      if (!check(frame)) return
      clearTimeout(timer)
      stdout.off('frame', on)
      resolve()
    }
    stdout.on('frame', on)
  })
}

async function firstFrameInProcess(file, runs = 5) {
  const times = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const session = await MonitorSession.open({db: file})
    const {app, stdout} = mount(session, 250)
    await until(stdout, (f) => f.includes('storctl monitor') && f.includes('datanode9'))
    times.push(performance.now() - t0)
    app.unmount()
    session.close()
  }
  return times
}

async function firstFrameInTmux(file, runs = 3) {
  if (!fs.existsSync(TMUX)) return null
  const times = []
  for (let i = 0; i < runs; i++) {
    const name = `s${i}`
    const t0 = performance.now()
    spawnSync(TMUX, ['-L', SOCKET, 'new-session', '-d', '-s', name, '-x', '100', '-y', '30', `${process.execPath} ${CLI} monitor --db ${file}; sleep 30`])
    for (;;) {
      const screen = spawnSync(TMUX, ['-L', SOCKET, 'capture-pane', '-p', '-t', name], {encoding: 'utf8'}).stdout
      if (screen.includes('storctl monitor')) break
      if (performance.now() - t0 > 20_000) throw new Error(`no first frame in tmux:\n${screen}`)
      await sleep(5)
    }
    times.push(performance.now() - t0)
    spawnSync(TMUX, ['-L', SOCKET, 'kill-session', '-t', name])
  }
  return times
}

/** Appends `n` lines to datanode1's source from another connection, as watch would (lines and checkpoint together). */
function appendLines(db, n) {
  const {id, line_no: last} = db.prepare("SELECT id, line_no FROM sources WHERE path = 'logs/datanode1.log'").get()
  const insert = db.prepare('INSERT INTO log_lines (source_id, line_no, offset, ts, level, node, text) VALUES (?, ?, ?, ?, ?, ?, ?)')
  db.transaction(() => {
    for (let i = 1; i <= n; i++) insert.run(id, last + i, 0, Date.now(), 'INFO', 'datanode1', `appended line ${last + i}`)
    db.prepare('UPDATE sources SET line_no = ? WHERE id = ?').run(last + n, id)
  })()
}

async function refreshCost(file, rounds = 30) {
  const session = await MonitorSession.open({db: file})
  let data = applyDelta(emptyData(), session.poll())
  const writer = new Database(file)
  const changed = []
  const unchanged = []
  for (let i = 0; i < rounds; i++) {
    appendLines(writer, 1000)
    let t0 = performance.now()
    data = applyDelta(data, session.poll())
    changed.push(performance.now() - t0)
    t0 = performance.now()
    if (session.poll() !== null) throw new Error('a poll without a commit found changes')
    unchanged.push(performance.now() - t0)
  }
  writer.close()
  session.close()
  return {changed, unchanged}
}

const STREAMER = `
const Database = require(${JSON.stringify(path.join(ROOT, 'node_modules', 'better-sqlite3'))})
const db = new Database(process.argv[1])
const insert = db.prepare('INSERT INTO log_lines (source_id, line_no, offset, ts, level, node, text) VALUES (?, ?, ?, ?, ?, ?, ?)')
const src = db.prepare("SELECT id, line_no FROM sources WHERE path = 'logs/datanode2.log'").get()
let last = src.line_no
setInterval(() => db.transaction(() => {
  for (let i = 1; i <= 250; i++) insert.run(src.id, last + i, 0, Date.now(), 'INFO', 'datanode2', 'streamed line ' + (last + i))
  last += 250
  db.prepare('UPDATE sources SET line_no = ? WHERE id = ?').run(last, src.id)
})(), 50)
`

async function keyLatency(file, presses = Number(process.env.BENCH_MONITOR_PRESSES ?? 100)) {
  const writer = spawn(process.execPath, ['-e', STREAMER, file], {stdio: 'ignore'})
  try {
    const session = await MonitorSession.open({db: file})
    const {app, stdout, stdin} = mount(session, 100)
    await until(stdout, (f) => f.includes('storctl monitor'))
    stdin.press(':')
    stdin.press('l')
    stdin.press('\r')
    await until(stdout, (f) => f.includes('following'))
    await sleep(500)
    const times = []
    for (let i = 0; i < presses; i++) {
      const opening = i % 2 === 0
      const t0 = performance.now()
      stdin.press(opening ? '?' : '\u001b')
      await until(stdout, (f) => f.includes('switch view') === opening)
      times.push(performance.now() - t0)
      await sleep(37)
    }
    const streamed = stdout.frame.match(/\+(\d+) lines/)?.[1] ?? '0'
    app.unmount()
    session.close()
    return {times, streamed: Number(streamed)}
  } finally {
    writer.kill()
  }
}

function row(what, value, target, pass) {
  return [what, value, target, pass === null ? '' : pass ? 'PASS' : 'FAIL']
}

function printTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)))
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd())
}

const {file, note} = await bigStore()
console.log(`store: ${path.relative(ROOT, file)} (${LINES.toLocaleString('en')} lines over ${NODES} nodes, ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB, ${note})`)
const inProcess = await firstFrameInProcess(file)
const tmux = await firstFrameInTmux(file)
const tmuxEmpty = tmux === null ? null : await firstFrameInTmux(emptyStore())
spawnSync(TMUX, ['-L', SOCKET, 'kill-server'], {stdio: 'ignore'})
// Refresh and keys append lines: they run on a copy, so the cached store stays as built.
const work = path.join(OUT, 'monitor-work.db')
fs.copyFileSync(file, work)
const refresh = await refreshCost(work)
const keys = await keyLatency(work)
for (const f of [work, `${work}-wal`, `${work}-shm`]) fs.rmSync(f, {force: true})

const first = pct(inProcess, 50)
printTable([
  ['measure', 'value', 'target', ''],
  row('first frame, in process (open + render), median of 5', `${ms(first)} (max ${ms(Math.max(...inProcess))})`, `<= ${TARGET_FIRST_FRAME_MS} ms`, first <= TARGET_FIRST_FRAME_MS),
  row('first frame, spawn in tmux -> on screen, median of 3', tmux === null ? 'tmux not installed' : ms(pct(tmux, 50)), `<= ${TARGET_FIRST_FRAME_MS} ms`, tmux === null ? null : pct(tmux, 50) <= TARGET_FIRST_FRAME_MS),
  row('  same, empty store (Node + oclif + ink start-up)', tmuxEmpty === null ? '-' : ms(pct(tmuxEmpty, 50)), '', null),
  row('refresh after 1,000 new lines: poll + update p50 / p99', `${ms(pct(refresh.changed, 50))} / ${ms(pct(refresh.changed, 99))}`, '', null),
  row('poll without changes (PRAGMA data_version) p50 / p99', `${ms(pct(refresh.unchanged, 50))} / ${ms(pct(refresh.unchanged, 99))}`, '', null),
  row(`key -> frame while ${keys.streamed.toLocaleString('en')} lines streamed in, p50 / p99`, `${ms(pct(keys.times, 50))} / ${ms(pct(keys.times, 99))}`, '<= 100 ms', pct(keys.times, 99) <= 100),
])
