// `node bench/ingest.js`: how fast `storctl watch` ingests, and how soon it stores a crash.
// 1. Throughput: watch --from-start over the synthetic log (bench/generate-log.js, BENCH_INGEST_MB, default 512)
//    until the store holds every line; wall time, lines/s, peak RSS; against `lnav -n -c ';SELECT count(*) FROM all_logs'`.
// 2. Latency: watch (default --idle-ms) on an empty file; append BENCH_LATENCY_CRASHES (default 100) real crash traces
//    (samples/*.log with exactly one crash) one at a time, each followed by a few normal lines; time
//    append-finished -> crash row visible (read-only better-sqlite3 polled every 5 ms); p50/p99.
// Needs a built project (`npm run build`): runs cli/bin/run.js. lnav (Debian package) is optional.
// Exits non-zero only on errors, never on a missed target.
import {spawn, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import Database from 'better-sqlite3'
import {generateLog} from './generate-log.js'
import {runMeasured} from './measure.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CLI = path.join(ROOT, 'cli', 'bin', 'run.js')
const SAMPLES = path.join(ROOT, 'samples')
const sizeMb = Number(process.env.BENCH_INGEST_MB ?? 512)
const latencyCrashes = Number(process.env.BENCH_LATENCY_CRASHES ?? 100)
const CRASH_TIMEOUT_MS = 10_000
const livePids = new Set()

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const filler = (n) => `2026/11/21 16:26:30.739618 server.go:1: [INFO] bench filler line ${n}`
const percentile = (sorted, p) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]
const verdict = (pass) => (pass ? 'PASS' : 'FAIL')

function killAll() {
  for (const pid of livePids) try { process.kill(pid, 'SIGKILL') } catch { /* already gone */ }
}
process.on('exit', killAll)

/** Runs `query` on a fresh read-only connection; null while the store or its schema does not exist yet. */
function tryQuery(db, query) {
  let reader
  try {
    reader = new Database(db, {readonly: true, fileMustExist: true})
    return reader.prepare(query).pluck().get()
  } catch {
    return null
  } finally {
    reader?.close()
  }
}

/** Our child processes whose command line mentions `marker` (runMeasured does not hand its child out). */
function childPids(marker) {
  return fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    try {
      const ppid = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1])
      return ppid === process.pid && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)
    } catch {
      return false
    }
  })
}

const onPath = (command) => (process.env.PATH ?? '').split(':').some((dir) => {
  try { fs.accessSync(path.join(dir, command), fs.constants.X_OK); return true } catch { return false }
})

async function benchIngest(tmp) {
  const log = generateLog({sizeMb})
  console.log(`log: ${path.relative(ROOT, log.path)} (${log.cached ? 'cached' : `generated in ${log.generateSeconds} s`}), ${log.lines} lines, ${(log.bytes / 2 ** 20).toFixed(0)} MB`)
  const db = path.join(tmp, 's.db')
  const started = process.hrtime.bigint()
  const run = runMeasured(process.execPath, [CLI, 'watch', log.path, '--db', db, '--from-start'], {cwd: ROOT})
  const [pid] = childPids(db)
  if (!pid) throw new Error('cannot find the watch process')
  livePids.add(pid)
  let exited = null
  run.then((result) => { exited = result; livePids.delete(pid) })
  const deadline = Date.now() + Math.max(120, sizeMb * 3) * 1000
  let stored = 0
  while (stored < log.lines) {
    if (exited) throw new Error(`watch exited early (${exited.code ?? exited.signal}): ${exited.stderr.trim().split('\n').at(-1)}`)
    if (Date.now() > deadline) throw new Error(`watch stored ${stored}/${log.lines} lines before the timeout`)
    await sleep(20)
    stored = tryQuery(db, 'SELECT coalesce(sum(line_no), 0) FROM sources') ?? 0
  }
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9
  if (stored !== log.lines) throw new Error(`store holds ${stored} lines, the file ${log.lines}`)
  process.kill(pid, 'SIGINT')
  const result = await run
  if (result.code !== 0) throw new Error(`watch did not stop cleanly on SIGINT (exit ${result.code ?? result.signal})`)
  const crashes = tryQuery(db, 'SELECT count(*) FROM crashes')
  console.log(`storctl watch: full ingest in ${wallSeconds.toFixed(2)} s, ${Math.round(log.lines / wallSeconds)} lines/s, ` +
    `${(log.bytes / 2 ** 20 / wallSeconds).toFixed(1)} MB/s, peak RSS ${result.peakRssMb.toFixed(0)} MB, ${crashes} crashes stored (${log.crashes.length} buried)`)
  if (!onPath('lnav')) return console.log('SKIP lnav: install it with apt-get install lnav')
  const lnav = await runMeasured('lnav', ['-n', '-c', ';SELECT count(*) FROM all_logs', log.path], {cwd: tmp})
  if (lnav.code !== 0) throw new Error(`lnav failed (exit ${lnav.code ?? lnav.signal}): ${lnav.stderr.trim()}`)
  const count = lnav.stdout.match(/\d+/g)?.at(-1)
  console.log(`lnav: ${lnav.wallSeconds.toFixed(2)} s, peak RSS ${lnav.peakRssMb.toFixed(0)} MB, count(*) FROM all_logs = ${count}`)
  console.log(`${verdict(wallSeconds <= lnav.wallSeconds)}  storctl ingest wall <= lnav's: ${wallSeconds.toFixed(2)} s vs ${lnav.wallSeconds.toFixed(2)} s`)
}

/** Samples that `storctl diagnose` finds exactly one crash in, as text ending with a newline. */
function singleCrashSamples() {
  const files = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.log')).sort().map((f) => path.join(SAMPLES, f))
  const diagnose = spawnSync(process.execPath, [CLI, 'diagnose', '--json', ...files], {encoding: 'utf8', maxBuffer: 256 * 2 ** 20})
  if (![0, 1].includes(diagnose.status)) throw new Error(`diagnose of the samples failed: ${diagnose.stderr}`)
  const counts = new Map()
  for (const crash of JSON.parse(diagnose.stdout).crashes) counts.set(path.resolve(ROOT, crash.source), (counts.get(path.resolve(ROOT, crash.source)) ?? 0) + 1)
  return files.filter((f) => counts.get(f) === 1).map((f) => ({name: path.basename(f), text: fs.readFileSync(f, 'utf8').replace(/\n?$/, '\n')}))
}

async function benchLatency(tmp) {
  const samples = singleCrashSamples()
  const dir = path.join(tmp, 'latency')
  fs.mkdirSync(dir)
  const file = path.join(dir, 'node.log')
  const db = path.join(tmp, 'latency.db')
  let lines = 0
  const append = (text) => {
    fs.appendFileSync(file, text)
    lines += text.split('\n').length - 1
  }
  let fillerCount = 0
  const fillers = (n) => Array.from({length: n}, () => `${filler(++fillerCount)}\n`).join('')
  fs.writeFileSync(file, '')
  const watch = spawn(process.execPath, [CLI, 'watch', file, '--db', db], {cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe']})
  livePids.add(watch.pid)
  let stderr = ''
  watch.stderr.on('data', (data) => { stderr = (stderr + data).slice(-4000) })
  const exited = new Promise((resolve) => watch.once('exit', (code, signal) => { livePids.delete(watch.pid); resolve(code ?? signal) }))
  append(fillers(3))
  for (let waited = 0; tryQuery(db, 'SELECT coalesce(sum(line_no), 0) FROM sources') !== lines; waited += 20) {
    if (watch.exitCode !== null || waited > 30_000) throw new Error(`watch did not start: ${stderr.trim()}`)
    await sleep(20)
  }
  const reader = new Database(db, {readonly: true, fileMustExist: true})
  const newCrashes = reader.prepare('SELECT count(*) FROM crashes WHERE first_line > ?').pluck()
  const latencies = []
  try {
    for (let i = 0; i < latencyCrashes; i++) {
      const sample = samples[i % samples.length]
      const before = lines
      append(sample.text + fillers(3))
      const appended = performance.now()
      while (newCrashes.get(before) === 0) {
        if (watch.exitCode !== null) throw new Error(`watch exited (${watch.exitCode}): ${stderr.trim()}`)
        if (performance.now() - appended > CRASH_TIMEOUT_MS) throw new Error(`the crash of ${sample.name} (appended at line ${before + 1}) was not stored within ${CRASH_TIMEOUT_MS} ms`)
        await sleep(5)
      }
      latencies.push(performance.now() - appended)
    }
  } finally {
    reader.close()
  }
  watch.kill('SIGINT')
  const code = await exited
  if (code !== 0) throw new Error(`latency watch did not stop cleanly on SIGINT (${code})`)
  const sorted = [...latencies].sort((a, b) => a - b)
  const [p50, p99] = [percentile(sorted, 50), percentile(sorted, 99)]
  console.log(`crash latency (watch, default --idle-ms): ${latencies.length} traces from ${samples.length} samples, ` +
    `p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${sorted.at(-1).toFixed(0)} ms`)
  console.log(`${verdict(p99 <= 250)}  p99 <= 250 ms: ${p99.toFixed(0)} ms`)
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'cli', 'commands', 'watch.js'))) throw new Error('storctl is not built (dist/ is missing); run `npm run build` first')
  if (!(sizeMb > 0) || !(latencyCrashes >= 1)) throw new Error('BENCH_INGEST_MB must be a positive number and BENCH_LATENCY_CRASHES >= 1')
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'storctl-bench-ingest-'))
  try {
    await benchIngest(tmp)
    await benchLatency(tmp)
  } finally {
    killAll()
    fs.rmSync(tmp, {recursive: true, force: true})
  }
}

try {
  await main()
} catch (error) {
  console.error(`bench ingest: ${error.message}`)
  process.exitCode = 1
}
