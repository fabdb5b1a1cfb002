import type {EvaluationResult} from '../../analyzer/index.js'
import type {Rate} from '../../analyzer/eval/evaluate.js'

function pct(r: Rate): string {
  return r.of === 0 ? 'n/a' : `${((100 * r.hit) / r.of).toFixed(1)}% (${r.hit}/${r.of})`
}

/** The scores, then one line per case that missed something. */
export function renderEvaluation(result: EvaluationResult): string {
  const out = [
    `cases:                    ${result.cases.length}`,
    `detection:                ${pct(result.detection)}`,
    `primary kind labelled:    ${pct(result.primaryKind)}`,
    `primary kind exact:       ${pct(result.exactPrimary)}`,
    `negatives clean:          ${pct(result.negativesClean)}`,
    `crash count exact:        ${pct(result.crashCount)}`,
    `root cause hits:          ${pct(result.rootCause)}`,
  ]
  const misses = result.cases.filter((c) => c.misses.length > 0)
  if (misses.length > 0) {
    out.push('', `misses (${misses.length}):`)
    for (const c of misses) out.push(`  ${c.id}: ${c.misses.join('; ')}`)
  }
  return out.join('\n')
}
