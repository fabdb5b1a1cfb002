// Writes a deterministic synthetic storage-cluster log of a given size with crash traces buried at a
// fixed density, plus a manifest of what it holds. Usage: node bench/generate-log.js <size-mb> [seed]
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {CRASH_TRACES, restartLines} from './crash-traces.js'
import {LogClock, backgroundLines, createNodes, makeRng} from './log-lines.js'

const HERE = path.dirname(fileURLToPath(import.meta.url))
export const OUT_DIR = path.join(HERE, 'out')
export const CRASHES_PER_64MB = 10
const MB = 2 ** 20
const CHUNK_BYTES = 4 * MB
const START_MS = Date.UTC(2026, 10, 21, 16, 26, 30)

/** Changes whenever the generator's code does, so a cached log is never stale. */
function generatorHash() {
  const hash = createHash('sha256')
  for (const file of ['generate-log.js', 'log-lines.js', 'crash-traces.js']) hash.update(fs.readFileSync(path.join(HERE, file)))
  return hash.digest('hex').slice(0, 12)
}

function readCachedManifest(manifestPath, generator) {
  try {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'))
    if (manifest.generator === generator && fs.statSync(manifest.path).size === manifest.bytes) return manifest
  } catch {
    // no usable cache: regenerate
  }
  return null
}

/** Writes lines through one reused buffer: large writes, no big strings for the GC to chase. */
class ChunkedWriter {
  bytes = 0
  lines = 0
  #fd
  #chunk = Buffer.alloc(CHUNK_BYTES)
  #used = 0

  constructor(file) {
    this.#fd = fs.openSync(file, 'w')
  }

  /** Bytes written so far, including those still buffered. */
  get size() {
    return this.bytes + this.#used
  }

  write(line) {
    if (this.#used + line.length + 1 > CHUNK_BYTES) this.#flush()
    this.#used += this.#chunk.latin1Write(line, this.#used)
    this.#chunk[this.#used++] = 0x0a
    this.lines++
  }

  close() {
    this.#flush()
    fs.closeSync(this.#fd)
  }

  #flush() {
    fs.writeSync(this.#fd, this.#chunk, 0, this.#used)
    this.bytes += this.#used
    this.#used = 0
  }
}

/** Streams the log to `file`, a crash every 1/CRASHES_PER_64MB of 64 MB; returns what the manifest records. */
function writeLog(file, {sizeMb, seed}) {
  const rng = makeRng(seed)
  const clock = new LogClock(START_MS)
  const nodes = createNodes()
  const nextBackgroundLine = backgroundLines(rng, clock, nodes)
  const out = new ChunkedWriter(file)
  const interval = (64 * MB) / CRASHES_PER_64MB
  const slots = Math.floor((sizeMb * MB) / interval + 0.5)
  const crashes = []
  const buryCrash = (trace) => {
    const fits = nodes.filter((n) => trace.roles.includes(n.role))
    const node = rng.pick(fits.length > 1 ? fits.filter((n) => n.name !== crashes.at(-1)?.node) : fits)
    clock.advance(rng.int(1e6))
    crashes.push({trace: trace.id, kind: trace.kind, node: node.name, line: out.lines + 1})
    const context = {rng, clock, node}
    for (const line of trace.render(context)) out.write(node.prefix + line)
    if (!trace.terminal) return
    clock.advance(rng.range(3e6, 20e6))
    node.pid += rng.range(10, 300)
    node.tid = node.pid + 7
    for (const line of restartLines(context)) out.write(node.prefix + line)
  }
  while (out.size < sizeMb * MB || crashes.length < slots) {
    if (crashes.length < slots && out.size >= (crashes.length + 0.5) * interval) buryCrash(CRASH_TRACES[crashes.length % CRASH_TRACES.length])
    else out.write(nextBackgroundLine())
  }
  out.close()
  return {bytes: out.bytes, lines: out.lines, crashes}
}

const countBy = (items, key) => items.reduce((acc, item) => ({...acc, [item[key]]: (acc[item[key]] ?? 0) + 1}), {})

/** Generates (or reuses) bench/out/storage-<size>mb-seed<seed>.log; returns its manifest. */
export function generateLog({sizeMb, seed = 1, dir = OUT_DIR}) {
  const generator = generatorHash()
  const base = path.join(dir, `storage-${sizeMb}mb-seed${seed}`)
  const manifestPath = `${base}.json`
  const cached = readCachedManifest(manifestPath, generator)
  if (cached) return {...cached, cached: true}
  fs.mkdirSync(dir, {recursive: true})
  const started = performance.now()
  const {bytes, lines, crashes} = writeLog(`${base}.log.tmp`, {sizeMb, seed})
  fs.renameSync(`${base}.log.tmp`, `${base}.log`)
  const incidents = crashes.reduce((sum, c) => sum + CRASH_TRACES.find((t) => t.id === c.trace).incidents, 0)
  const manifest = {
    path: `${base}.log`, sizeMb, seed, generator, bytes, lines, crashesPer64Mb: CRASHES_PER_64MB,
    expected: {incidents, byKind: countBy(crashes, 'kind'), byTrace: countBy(crashes, 'trace')},
    crashes,
    generateSeconds: Number(((performance.now() - started) / 1000).toFixed(2)),
  }
  fs.writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 1)}\n`)
  return {...manifest, cached: false}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sizeMb = Number(process.argv[2] ?? 64)
  const seed = Number(process.argv[3] ?? 1)
  if (!(sizeMb > 0) || !Number.isInteger(seed)) {
    console.error('usage: node bench/generate-log.js <size-mb> [seed]')
    process.exitCode = 2
  } else {
    const {crashes: _crashes, ...summary} = generateLog({sizeMb, seed})
    console.log(JSON.stringify(summary, null, 1))
  }
}
