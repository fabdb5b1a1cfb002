import path from 'node:path'
import type {CrashDetail} from '../../services/store.js'
import {clean, wrap} from './text.js'

export interface DetailLine {
  text: string
  heading?: boolean
  dim?: boolean
}

const heading = (text: string): DetailLine => ({text, heading: true})
const indented = (text: string, width: number, prefix = '  '): DetailLine[] => wrap(text, Math.max(10, width - prefix.length)).map((t) => ({text: prefix + t}))

/** The crash detail as screen lines: diagnosis, evidence, remediation, references, then the timeline. */
export function detailLines(detail: CrashDetail, width: number): DetailLine[] {
  const c = detail.crash
  const d = c.diagnosis
  const where = `${c.source}:${c.lines.start}-${c.lines.end}`
  const out: DetailLine[] = [
    heading(clean(`crash #${detail.id}  ${c.kind}${c.signal ? ` (${c.signal})` : ''}  node ${c.node ?? '-'}  ${c.time ?? 'no time'}  ${where}`)),
    {text: clean(`rule: ${d.rule ?? 'unknown'}${d.rule ? ` (confidence ${d.confidence.toFixed(2)})` : d.generic ? ` (generic advice: ${d.generic})` : ''}`), heading: d.rule !== null},
    ...indented(d.title, width, ''),
  ]
  if (c.message) out.push(...indented(`message: ${c.message}`, width, ''))
  if (c.topFrames.length > 0) out.push(...indented(`top frames: ${c.topFrames.join('  <  ')}`, width, ''))
  out.push(heading('diagnosis'), ...indented(d.rootCause, width))
  out.push(heading('evidence'))
  for (const e of d.evidence) out.push({text: clean(`  ${path.basename(e.source)}:${e.line} ${e.text}`)}, {text: clean(`      ^ ${e.why}`), dim: true})
  out.push(heading('what to do'))
  d.remediation.forEach((r, i) => out.push(...indented(`${i + 1}. ${r}`, width)))
  if (d.references.length > 0) out.push(heading('references'), ...d.references.map((r) => ({text: clean(`  ${r}`)})))
  for (const l of detail.linked) {
    const what = l.coreTrace ? 'core-dump trace of this crash' : 'the log crash this core trace belongs to'
    out.push({text: clean(`linked: ${what}: #${l.id} ${l.kind} at ${l.source}:${l.lines.start}-${l.lines.end}`)})
  }
  out.push(heading('timeline (lines before the crash, all nodes)'))
  if (detail.timeline.length === 0) out.push({text: '  (no stored lines before it)', dim: true})
  for (const l of detail.timeline) {
    out.push({text: clean(`  ${l.time ? l.time.slice(11, 23) : '-'} ${l.node ?? path.basename(l.source)}:${l.lineNo} ${l.text}`)})
  }
  return out
}
