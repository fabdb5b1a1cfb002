// `node bench/up.js`: how fast `storctl up` brings the default topology to healthy, and what the nodes
// cost at rest. Runs `up --detach` BENCH_UP_RUNS times (default 3) in a fresh directory each, then, on
// the last cluster, samples every node's CPU (utime+stime from /proc/<pid>/stat) and RSS over
// BENCH_REST_S seconds (default 5) with the workload off (--rate 0) and on (--rate 20, the default).
// Target: up to all healthy <= 3 s. Needs a built project. Stops every cluster it starts.
import {spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CLI = path.join(ROOT, 'cli', 'bin', 'run.js')
const runs = Number(process.env.BENCH_UP_RUNS ?? 3)
const restS = Number(process.env.BENCH_REST_S ?? 5)
const TARGET_MS = 3000
const TICKS = 100 // USER_HZ on Linux
const dirs = []

function storctl(args) {
  const r = spawnSync(process.execPath, [CLI, ...args], {encoding: 'utf8', env: {...process.env, NO_COLOR: '1'}})
  if (r.status !== 0) throw new Error(`storctl ${args.join(' ')} failed (${r.status}): ${r.stderr.trim()}`)
  return r.stdout
}

function cpuTicks(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(fields[11]) + Number(fields[12])
}

function rssMb(pid) {
  const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

function cleanup() {
  for (const dir of dirs.splice(0)) {
    spawnSync(process.execPath, [CLI, 'down', '--dir', dir, '--purge'], {stdio: 'ignore'})
  }
}
process.on('exit', cleanup)
process.on('SIGINT', () => {
  cleanup()
  process.exit(130)
})

async function atRest(dir, label) {
  const status = JSON.parse(storctl(['status', '--dir', dir, '--json']))
  const pids = [status.supervisorPid, ...status.nodes.map((n) => n.pid)]
  const before = pids.map(cpuTicks)
  await new Promise((r) => setTimeout(r, restS * 1000))
  const after = pids.map(cpuTicks)
  const rss = pids.map(rssMb)
  const rows = pids.map((pid, i) => ({name: i === 0 ? 'supervisor+ingest' : status.nodes[i - 1].id, cpu: ((after[i] - before[i]) / TICKS / restS) * 100, rss: rss[i]}))
  console.log(`\n${label}: CPU and RSS over ${restS} s`)
  console.log('process              cpu %   rss MB')
  for (const r of rows) console.log(`${r.name.padEnd(20)} ${r.cpu.toFixed(1).padStart(5)}   ${r.rss.toFixed(0).padStart(6)}`)
  const nodes = rows.slice(1)
  console.log(`${'nodes total'.padEnd(20)} ${nodes.reduce((s, r) => s + r.cpu, 0).toFixed(1).padStart(5)}   ${nodes.reduce((s, r) => s + r.rss, 0).toFixed(0).padStart(6)}`)
}

console.log(`storctl up (default topology) on ${os.cpus().length} cores, node ${process.version}`)
const times = []
for (let i = 0; i < runs; i++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storctl-bench-up-'))
  dirs.push(dir)
  const rate = i === runs - 1 ? '0' : '20'
  const result = JSON.parse(storctl(['up', '--detach', '--dir', dir, '--rate', rate, '--json']))
  times.push(result.startMs)
  console.log(`run ${i + 1}: ${result.nodes.length} nodes healthy ${result.startMs} ms after up`)
  if (i < runs - 1) {
    storctl(['down', '--dir', dir, '--purge'])
    dirs.splice(dirs.indexOf(dir), 1)
  }
}
const sorted = [...times].sort((a, b) => a - b)
const median = sorted[Math.floor(sorted.length / 2)]
console.log(`up -> all healthy: median ${median} ms, max ${sorted.at(-1)} ms (target <= ${TARGET_MS} ms): ${sorted.at(-1) <= TARGET_MS ? 'PASS' : 'FAIL'}`)
const last = dirs.at(-1)
await atRest(last, 'at rest, workload off (--rate 0)')
cleanup()
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storctl-bench-up-'))
dirs.push(dir)
storctl(['up', '--detach', '--dir', dir, '--json'])
await new Promise((r) => setTimeout(r, 1000))
await atRest(dir, 'with the default workload (20 ops/s)')
cleanup()
