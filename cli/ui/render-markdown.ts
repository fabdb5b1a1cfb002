import type {CrashReport, Report} from '../../analyzer/index.js'
import {neutralise} from './sanitize.js'

/** Text inside a fenced block: neutralised, and unable to close the fence. */
function fenced(text: string): string {
  return neutralise(text).replace(/`{3,}/g, (m) => m.split('').join('\u200b'))
}

function inline(text: string): string {
  return neutralise(text).replace(/([\\`*_[\]|<>])/g, '\\$1')
}

function renderCrashMarkdown(c: CrashReport): string {
  const d = c.diagnosis
  const out = [`### ${c.id}: ${c.kind}${c.signal ? ` (${c.signal})` : ''}${c.recovered ? ' (recovered)' : ''}: ${inline(c.message ?? c.kind)}`, '']
  out.push('| | |', '|---|---|')
  out.push(`| where | \`${inline(c.source)}\` lines ${c.lines.start}-${c.lines.end} |`)
  if (c.node) out.push(`| node | ${inline(c.node)} |`)
  if (c.time) out.push(`| time | ${c.time} |`)
  out.push(`| kinds | ${c.kinds.join(', ')} |`)
  if (c.runtime) out.push(`| runtime | ${c.runtime} |`)
  if (c.faultAddress) out.push(`| fault address | ${inline(c.faultAddress)} |`)
  out.push(`| fingerprint | \`${c.fingerprint}\` |`, '')
  if (d.evidence.length > 0) {
    out.push('```text', ...d.evidence.map((e) => `${String(e.line).padStart(6)} | ${fenced(e.text)}`), '```', '')
  }
  if (c.topFrames.length > 0) out.push(`**Top frames:** ${c.topFrames.map((f) => `\`${inline(f)}\``).join(' < ')}`, '')
  const generic = d.generic ? `generic advice \`${d.generic}\`` : `generic guidance for ${c.kind}`
  out.push(`**Diagnosis:** ${d.rule ? `\`${d.rule}\` (confidence ${d.confidence.toFixed(2)})` : `no known root cause matched; ${generic}`}`, '')
  out.push(`**${inline(d.title)}.** ${inline(d.rootCause)}`, '')
  out.push('**What to do:**', '', ...d.remediation.map((s, i) => `${i + 1}. ${inline(s)}`), '')
  if (d.references.length > 0) out.push('**References:** ' + d.references.map((r) => `<${r}>`).join(', '), '')
  if (d.alternatives.length > 0) out.push(`**Also possible:** ${d.alternatives.map((x) => `\`${x.rule}\` (${x.confidence.toFixed(2)})`).join(', ')}`, '')
  return out.join('\n')
}

/** The report as Markdown, ready to paste into an issue. */
export function renderReportMarkdown(report: Report): string {
  const {summary} = report
  const out = ['## storctl diagnose', '']
  out.push(`${summary.crashes} crash${summary.crashes === 1 ? '' : 'es'} in ${report.inputs.map((i) => `\`${inline(i.path)}\``).join(', ')}` +
    (summary.crashes > 0 ? ` (${Object.entries(summary.byKind).map(([k, n]) => `${k} ${n}`).join(', ')}); ${summary.known} with a known root cause.` : '.'), '')
  for (const c of report.crashes) out.push(renderCrashMarkdown(c))
  return out.join('\n').trimEnd() + '\n'
}
