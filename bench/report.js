// What the bench concludes from its measurements: the crash-count check, the table and the targets.

export const RSS_LIMIT_MB = 200
/** RSS is "flat" when the largest log's peak is within this factor (plus slack) of the smallest's. */
const FLAT_FACTOR = 1.25
const FLAT_SLACK_MB = 10

const countKinds = (crashes) => crashes.reduce((acc, c) => ({...acc, [c.kind]: (acc[c.kind] ?? 0) + 1}), {})
const formatKinds = (byKind) => Object.entries(byKind).sort().map(([kind, n]) => `${kind}=${n}`).join(' ') || 'none'

/**
 * Compares a `diagnose --json` report with the generator's manifest.
 * Returns {crashesFound, byKind, countOk, kindsOk, problem}; `problem` is a message when something is off.
 */
export function checkCrashes(stdout, expected) {
  let report
  try {
    report = JSON.parse(stdout)
  } catch {
    throw new Error(`storctl diagnose --json printed no JSON report: ${stdout.slice(0, 200)}`)
  }
  if (!Array.isArray(report.crashes)) throw new Error(`storctl diagnose --json: no "crashes" array in ${stdout.slice(0, 200)}`)
  const byKind = countKinds(report.crashes)
  const crashesFound = report.crashes.length
  const countOk = crashesFound === expected.incidents
  const kindsOk = formatKinds(byKind) === formatKinds(expected.byKind)
  let problem = null
  if (!countOk) problem = `!!! WRONG CRASH COUNT: diagnose found ${crashesFound}, the log holds ${expected.incidents}`
  else if (!kindsOk) problem = '!!! crash count right but kinds differ'
  if (problem) problem += `\n    found kinds:    ${formatKinds(byKind)}\n    expected kinds: ${formatKinds(expected.byKind)}`
  return {crashesFound, byKind, countOk, kindsOk, problem}
}

const COLUMNS = [
  ['size MB', (r) => r.sizeMb.toFixed(0)],
  ['diagnose s', (r) => r.diagnose.wallSeconds.toFixed(2)],
  ['diagnose peak RSS MB', (r) => r.diagnose.peakRssMb.toFixed(1)],
  ['grep -E s', (r) => r.grep.wallSeconds.toFixed(2)],
  ['diagnose/grep', (r) => `${r.wallRatio.toFixed(2)}x`],
  ['diagnose MB/s', (r) => r.diagnoseMbPerSecond.toFixed(0)],
  ['crashes found/expected', (r) => `${r.diagnose.runs[0].crashesFound}/${r.expected.incidents}`],
]

export function printTable(results) {
  const rows = [COLUMNS.map(([title]) => title), ...results.map((r) => COLUMNS.map(([, cell]) => cell(r)))]
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i].length)))
  console.log('')
  for (const row of rows) console.log(row.map((cell, i) => cell.padStart(widths[i])).join('  '))
  console.log('')
}

/** The three targets; `pass` is null when a target cannot be judged (one size only). */
export function evaluateTargets(results) {
  const bySize = [...results].sort((a, b) => a.sizeMb - b.sizeMb)
  const smallest = bySize[0]
  const largest = bySize.at(-1)
  const maxRss = Math.max(...results.map((r) => r.diagnose.peakRssMb))
  const flatLimit = FLAT_FACTOR * smallest.diagnose.peakRssMb + FLAT_SLACK_MB
  return [
    {
      name: 'diagnose wall time <= grep -E wall time',
      pass: results.every((r) => r.wallRatio <= 1),
      detail: results.map((r) => `${r.sizeMb} MB: ${r.diagnose.wallSeconds.toFixed(2)} s vs ${r.grep.wallSeconds.toFixed(2)} s`).join(', '),
    },
    {
      name: `diagnose peak RSS <= ${RSS_LIMIT_MB} MB`,
      pass: maxRss <= RSS_LIMIT_MB,
      detail: results.map((r) => `${r.sizeMb} MB: ${r.diagnose.peakRssMb.toFixed(1)} MB`).join(', '),
    },
    {
      name: `peak RSS flat (largest log's <= ${FLAT_FACTOR} x smallest log's + ${FLAT_SLACK_MB} MB)`,
      pass: results.length < 2 ? null : largest.diagnose.peakRssMb <= flatLimit,
      detail: results.length < 2
        ? 'needs two sizes'
        : `${largest.sizeMb} MB: ${largest.diagnose.peakRssMb.toFixed(1)} MB vs limit ${flatLimit.toFixed(1)} MB from ${smallest.sizeMb} MB`,
    },
  ]
}
