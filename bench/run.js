// `npm run bench`: times `storctl diagnose --json` against `grep -E` over the analyzer's trigger
// keywords on synthetic storage logs (64 MB and 512 MB), checks the crash count, reports the targets.
// Needs a built project (`npm run build`): it runs cli/bin/run.js and imports dist/analyzer/index.js.
// Env: BENCH_SIZES_MB=64,512 (log sizes), BENCH_RUNS=3 (runs per command; the median is reported).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'
import {generateLog, OUT_DIR} from './generate-log.js'
import {runMeasured} from './measure.js'
import {checkCrashes, evaluateTargets, printTable} from './report.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CLI = path.join(ROOT, 'cli', 'bin', 'run.js')
const ANALYZER = path.join(ROOT, 'dist', 'analyzer', 'index.js')
const DIAGNOSE_COMMAND = path.join(ROOT, 'dist', 'cli', 'commands', 'diagnose.js')
/** diagnose exits 1 when it found crashes, 0 when none; anything else is a failure. */
const DIAGNOSE_OK_CODES = [0, 1]
/** grep exits 1 when no line matched. */
const GREP_OK_CODES = [0, 1]

const sizesMb = (process.env.BENCH_SIZES_MB ?? '64,512').split(',').map(Number)
const runs = Number(process.env.BENCH_RUNS ?? 3)

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const escapeEre = (literal) => literal.replace(/[.[\]()*+?{}|^$\\]/g, '\\$&')

/** The ERE grep runs: the analyzer's trigger keywords as literal alternatives. */
async function grepPattern() {
  const {triggerKeywords} = await import(pathToFileURL(ANALYZER).href)
  const keywords = [...new Set(triggerKeywords())]
  if (keywords.length === 0) throw new Error('triggerKeywords() returned no keyword')
  return {keywords, pattern: keywords.map(escapeEre).join('|')}
}

/** One measured run; throws with the command's stderr when its exit code is not among `okCodes`. */
async function measure(label, command, args, okCodes) {
  const result = await runMeasured(command, args, {cwd: ROOT})
  if (!okCodes.includes(result.code)) {
    const tail = result.stderr.trim().split('\n').slice(-5).join('\n')
    throw new Error(`${label} failed (exit ${result.code ?? result.signal}):\n${tail}`)
  }
  return result
}

async function benchSize(sizeMb, pattern) {
  const log = generateLog({sizeMb})
  console.error(`${sizeMb} MB log: ${log.path} (${log.cached ? 'cached' : `generated in ${log.generateSeconds} s`}), ${log.expected.incidents} crashes buried`)
  const diagnoseRuns = []
  const grepRuns = []
  const problems = new Set()
  for (let i = 0; i < runs; i++) {
    const diagnose = await measure('storctl diagnose', process.execPath, [CLI, 'diagnose', '--json', log.path], DIAGNOSE_OK_CODES)
    const crashCheck = checkCrashes(diagnose.stdout, log.expected)
    diagnoseRuns.push({wallSeconds: diagnose.wallSeconds, peakRssMb: diagnose.peakRssMb, exitCode: diagnose.code, ...crashCheck})
    if (crashCheck.problem) problems.add(crashCheck.problem)
    const grep = await measure('grep -E', 'grep', ['-E', '-c', '-e', pattern, log.path], GREP_OK_CODES)
    grepRuns.push({wallSeconds: grep.wallSeconds, peakRssMb: grep.peakRssMb, matchingLines: Number(grep.stdout.trim())})
    console.error(`  run ${i + 1}/${runs}: diagnose ${diagnose.wallSeconds.toFixed(2)} s ${diagnose.peakRssMb.toFixed(0)} MB, grep ${grep.wallSeconds.toFixed(2)} s`)
  }
  for (const problem of problems) console.error(problem)
  const diagnoseWall = median(diagnoseRuns.map((r) => r.wallSeconds))
  const grepWall = median(grepRuns.map((r) => r.wallSeconds))
  return {
    sizeMb, path: log.path, bytes: log.bytes, lines: log.lines, expected: log.expected,
    diagnose: {wallSeconds: diagnoseWall, peakRssMb: median(diagnoseRuns.map((r) => r.peakRssMb)), runs: diagnoseRuns},
    grep: {wallSeconds: grepWall, matchingLines: grepRuns[0].matchingLines, runs: grepRuns},
    wallRatio: diagnoseWall / grepWall,
    diagnoseMbPerSecond: log.bytes / 2 ** 20 / diagnoseWall,
  }
}

async function main() {
  if (!fs.existsSync(ANALYZER) || !fs.existsSync(DIAGNOSE_COMMAND)) {
    console.error('bench: storctl is not built (dist/ is missing); run `npm run build` first')
    return 1
  }
  if (sizesMb.some((size) => !(size > 0)) || !(runs >= 1)) {
    console.error('bench: BENCH_SIZES_MB must be positive numbers (e.g. 64,512) and BENCH_RUNS >= 1')
    return 1
  }
  const {keywords, pattern} = await grepPattern()
  console.error(`grep -E over ${keywords.length} trigger keywords, ${runs} runs each, median reported`)
  const results = []
  for (const sizeMb of sizesMb) results.push(await benchSize(sizeMb, pattern))
  printTable(results)
  const targets = evaluateTargets(results)
  for (const target of targets) console.log(`${target.pass === null ? 'SKIP' : target.pass ? 'PASS' : 'FAIL'}  ${target.name}: ${target.detail}`)
  const wrongCounts = results.filter((r) => r.diagnose.runs.some((run) => !run.countOk))
  const machine = {node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, locale: process.env.LC_ALL || process.env.LANG || null}
  const file = path.join(OUT_DIR, 'results.json')
  fs.writeFileSync(file, `${JSON.stringify({date: new Date().toISOString(), machine, runs, keywords, pattern, results, targets}, null, 1)}\n`)
  console.log(`results: ${path.relative(ROOT, file)}`)
  if (wrongCounts.length > 0) {
    console.error(`bench: WRONG CRASH COUNT for ${wrongCounts.map((r) => `${r.sizeMb} MB`).join(', ')} (see above)`)
    return 1
  }
  return 0
}

try {
  process.exitCode = await main()
} catch (error) {
  console.error(`bench: ${error.message}`)
  process.exitCode = 1
}
