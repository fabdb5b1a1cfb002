import {Ansis} from 'ansis'
import type {CrashReport, Report, RuleExplanation} from '../../analyzer/index.js'
import {neutralise} from './sanitize.js'

const MAX_EVIDENCE_CHARS = 160

export interface TextStyle {
  color: boolean
}

function location(c: CrashReport): string {
  const parts = [`${c.source}:${c.lines.start}-${c.lines.end}`]
  if (c.node) parts.push(`node ${c.node}`)
  if (c.time) parts.push(c.time)
  if (c.pid !== null) parts.push(`pid ${c.pid}`)
  return parts.map(neutralise).join(' · ')
}

function headline(c: CrashReport): string {
  const what = c.message ?? c.signal ?? c.kind
  return neutralise(c.signal && c.message && !c.message.includes(c.signal) ? `${c.signal}: ${what}` : what)
}

function clip(text: string): string {
  const t = neutralise(text)
  return t.length > MAX_EVIDENCE_CHARS ? `${t.slice(0, MAX_EVIDENCE_CHARS - 1)}…` : t
}

/** One crash as a compiler-style diagnostic: header, location, evidence lines, frames, diagnosis. */
export function renderCrashText(c: CrashReport, style: TextStyle): string {
  const a = new Ansis(style.color ? 3 : 0)
  const out: string[] = []
  const recovered = c.recovered ? a.dim(' (recovered)') : ''
  out.push(`${a.red.bold(`crash[${c.kind}]`)}${recovered} ${a.bold(headline(c))}${c.runtime ? a.dim(` (${c.runtime})`) : ''}`)
  out.push(`  ${a.cyan('-->')} ${location(c)}`)
  const width = Math.max(...c.diagnosis.evidence.map((e) => String(e.line).length), 1)
  const gutter = (s: string) => a.cyan(`${s.padStart(width)} |`)
  out.push(`  ${gutter('')}`)
  for (const e of c.diagnosis.evidence) {
    out.push(`  ${gutter(String(e.line))} ${clip(e.text)}`)
    out.push(`  ${gutter('')}   ${a.yellow(`^ ${neutralise(e.why)}`)}`)
  }
  if (c.topFrames.length > 0) out.push(`  ${a.bold('top frames:')} ${c.topFrames.map(neutralise).join(a.dim('  <  '))}`)
  const facts = [`kinds ${c.kinds.join(', ')}`]
  if (c.faultAddress) facts.push(`fault address ${neutralise(c.faultAddress)}`)
  facts.push(`fingerprint ${c.fingerprint}`)
  out.push(`  ${a.dim(facts.join(' · '))}`)
  out.push(...renderDiagnosisText(c, a))
  return out.join('\n')
}

function renderDiagnosisText(c: CrashReport, a: Ansis): string[] {
  const d = c.diagnosis
  const out: string[] = []
  const generic = d.generic ? `generic advice ${d.generic}` : `generic guidance for ${c.kind}`
  const which = d.rule ? `${a.green.bold(d.rule)} (confidence ${d.confidence.toFixed(2)})` : a.yellow(`no known root cause matched; ${generic}`)
  out.push(`  ${a.bold('= diagnosis:')} ${which}`)
  out.push(`    ${a.bold(d.title)}`)
  out.push(`    ${d.rootCause}`)
  out.push(`  ${a.bold('= what to do:')}`)
  d.remediation.forEach((step, i) => out.push(`    ${i + 1}. ${step}`))
  if (d.references.length > 0) out.push(`  ${a.bold('= references:')} ${d.references.join(' ')}`)
  if (d.alternatives.length > 0) out.push(`  ${a.dim(`= also possible: ${d.alternatives.map((x) => `${x.rule} (${x.confidence.toFixed(2)})`).join(', ')}`)}`)
  if (d.explanation) out.push(...renderExplanationText(d.explanation, a))
  return out
}

function renderExplanationText(explanation: RuleExplanation[], a: Ansis): string[] {
  const out = [`  ${a.bold('= explain:')} ${explanation.length === 0 ? 'no rule is written for this kind of crash' : 'rules for this kind of crash'}`]
  for (const r of explanation) {
    const verdict = r.applies ? a.green('applies') : a.dim(`does not apply: ${neutralise(r.reason ?? '')}`)
    out.push(`    ${r.applies ? a.green('[x]') : '[ ]'} ${r.rule} ${r.confidence.toFixed(2)} ${verdict}`)
    for (const c of r.conditions) {
      const mark = c.matched ? a.green('[x]') : '[ ]'
      out.push(`        ${mark} ${c.type} ${a.dim(`(weight ${c.weight}${c.required ? ', required' : ''})`)} ${neutralise(c.detail)}`)
    }
  }
  return out
}

export function renderSummaryText(report: Report, style: TextStyle): string {
  const a = new Ansis(style.color ? 3 : 0)
  const {summary} = report
  const lines = report.inputs.reduce((n, i) => n + i.lines, 0)
  const where = `${report.inputs.length} input${report.inputs.length === 1 ? '' : 's'} (${lines} lines)`
  const cut = report.inputs.reduce((n, i) => n + i.cutLines, 0)
  const cutNote = cut > 0 ? a.dim(`; ${cut} over-long line${cut === 1 ? '' : 's'} matched on their first 8192 characters only`) : ''
  if (summary.crashes === 0) return `${a.green('no crash found')} in ${where}${cutNote}`
  const kinds = Object.entries(summary.byKind).map(([k, n]) => `${k} ${n}`).join(', ')
  const plural = summary.crashes === 1 ? 'crash' : 'crashes'
  return `${a.bold(`${summary.crashes} ${plural}`)} (${kinds}) in ${where}; ${summary.known} with a known root cause, ${summary.unknown} without${cutNote}`
}

export function renderReportText(report: Report, style: TextStyle): string {
  const blocks = report.crashes.map((c) => renderCrashText(c, style))
  blocks.push(renderSummaryText(report, style))
  return blocks.join('\n\n')
}
