// `node bench/soak-watch.js [rounds=50] [seed=1]`: the kill -9 soak of `storctl watch`.
// A writer appends numbered lines to a log (some split across two writes, as a real writer's buffer
// flushes do) while watch runs; watch is SIGKILLed at moments drawn from a seeded PRNG, round after
// round, and restarted each time; a last clean run catches up and stops on SIGINT. PASS when the store
// holds exactly the lines written, in order: none lost, none repeated, none mangled. Exit 1 on FAIL.
// Needs a built project (`npm run build`): runs cli/bin/run.js, reads the store with better-sqlite3.
import {spawn} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import Database from 'better-sqlite3'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CLI = path.join(ROOT, 'cli', 'bin', 'run.js')
const rounds = Number(process.argv[2] ?? 50)
const seed = Number(process.argv[3] ?? 1)
const WRITE_EVERY_MS = 4
const KILL_AFTER_MS = [200, 2500]
const CATCH_UP_TIMEOUT_MS = 120_000
const children = new Set()

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const record = (n) => `2026/11/21 16:26:30.739618 server.go:1: [INFO] soak record ${n} ${'x'.repeat(n % 97)}`

/** mulberry32: a small seeded PRNG, so a failing run can be replayed with the same seed. */
function makeRng(state) {
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function killAll() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
}
process.on('exit', killAll)

function startWatch(logs, db) {
  const child = spawn(process.execPath, [CLI, 'watch', logs, '--db', db], {cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, NO_COLOR: '1'}})
  children.add(child)
  child.stderrTail = ''
  child.stderr.on('data', (data) => { child.stderrTail = (child.stderrTail + data).slice(-2000) })
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => { children.delete(child); resolve(code ?? signal) }))
  return child
}

/** Lines the store's checkpoints account for; 0 before the store or its schema exists. */
function storedLineCount(db) {
  let reader
  try {
    reader = new Database(db, {readonly: true, fileMustExist: true})
    return reader.prepare('SELECT coalesce(sum(line_no), 0) FROM sources').pluck().get()
  } catch {
    return 0
  } finally {
    reader?.close()
  }
}

/** Appends 1..40 numbered lines per tick; now and then leaves the last one half-written until the next tick. */
function startWriter(log, rng) {
  const state = {written: 0, pending: ''}
  const tick = () => {
    let text = state.pending
    const count = 1 + Math.floor(rng() * 40)
    for (let i = 0; i < count; i++) text += `${record(++state.written)}\n`
    const cut = rng() < 0.2 ? text.length - 1 - Math.floor(rng() * 30) : text.length
    fs.appendFileSync(log, text.slice(0, cut))
    state.pending = text.slice(cut)
  }
  const timer = setInterval(tick, WRITE_EVERY_MS)
  state.stop = () => {
    clearInterval(timer)
    fs.appendFileSync(log, state.pending)
    state.pending = ''
  }
  return state
}

/** Compares the store with the lines written; returns the problems found (empty when exact). */
function verify(db, written) {
  const reader = new Database(db, {readonly: true, fileMustExist: true})
  try {
    const problems = []
    const sources = reader.prepare('SELECT count(*) FROM sources').pluck().get()
    if (sources !== 1) problems.push(`${sources} sources in the store (expected 1)`)
    const rows = reader.prepare('SELECT line_no, text FROM log_lines ORDER BY source_id, line_no').all()
    if (rows.length !== written) problems.push(`${rows.length} lines stored, ${written} written (${rows.length > written ? 'duplicates' : 'lost lines'})`)
    const bad = rows.map((row, i) => ({...row, i})).filter((row) => row.line_no !== row.i + 1 || row.text !== record(row.i + 1))
    if (bad.length > 0) problems.push(`${bad.length} lines out of place or mangled, first at #${bad[0].i + 1}: line_no ${bad[0].line_no} ${JSON.stringify(bad[0].text.slice(0, 120))}`)
    return problems
  } finally {
    reader.close()
  }
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'commands', 'watch.js'))) throw new Error('storctl is not built (dist/ is missing); run `npm run build` first')
  if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(seed)) throw new Error('usage: node bench/soak-watch.js [rounds >= 1] [seed]')
  const rng = makeRng(seed)
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'storctl-soak-watch-'))
  const logs = path.join(tmp, 'logs')
  fs.mkdirSync(logs)
  const log = path.join(logs, 'node.log')
  const db = path.join(tmp, 'storctl.db')
  const problems = []
  let writer = null
  try {
    fs.writeFileSync(log, '')
    writer = startWriter(log, rng)
    for (let round = 1; round <= rounds; round++) {
      const child = startWatch(logs, db)
      await sleep(KILL_AFTER_MS[0] + rng() * (KILL_AFTER_MS[1] - KILL_AFTER_MS[0]))
      if (child.exitCode !== null) problems.push(`round ${round}: watch exited on its own (${child.exitCode}): ${child.stderrTail.trim().split('\n').at(-1)}`)
      child.kill('SIGKILL')
      await child.exited
      if (round % 10 === 0 || round === rounds) console.error(`round ${round}/${rounds}: ${writer.written} lines written, ${storedLineCount(db)} stored`)
    }
    writer.stop()
    const last = startWatch(logs, db)
    const deadline = Date.now() + CATCH_UP_TIMEOUT_MS
    while (storedLineCount(db) < writer.written && Date.now() < deadline && last.exitCode === null) await sleep(100)
    await sleep(1500) // longer than --idle-ms: a stray partial line or a duplicate would show by now
    last.kill('SIGINT')
    const code = await last.exited
    if (code !== 0) problems.push(`the clean run did not stop with 0 on SIGINT (${code}): ${last.stderrTail.trim().split('\n').at(-1)}`)
    problems.push(...verify(db, writer.written))
    console.log(`rounds: ${rounds} (seed ${seed}), lines written: ${writer.written}, stored: ${storedLineCount(db)}`)
    for (const problem of problems) console.log(`  ${problem}`)
    console.log(problems.length === 0 ? 'PASS  every written line stored exactly once, in order, intact' : 'FAIL')
    return problems.length === 0 ? 0 : 1
  } finally {
    writer?.stop()
    killAll()
    fs.rmSync(tmp, {recursive: true, force: true})
  }
}

try {
  process.exitCode = await main()
} catch (error) {
  console.error(`soak-watch: ${error.message}`)
  process.exitCode = 1
}
