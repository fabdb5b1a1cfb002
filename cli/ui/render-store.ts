import path from 'node:path'
import {Ansis} from 'ansis'
import type {CrashDetail, CrashListItem, QueryResult, StoredLine} from '../services/store.js'
import {renderCrashText, type TextStyle} from './render-text.js'
import {neutralise} from './sanitize.js'

const MAX_CELL_CHARS = 120

function clip(text: string, max = MAX_CELL_CHARS): string {
  const t = neutralise(text).replace(/\t/g, ' ')
  return t.length > max ? `${t.slice(0, max - 1)}…` : t
}

/** A plain aligned table: a bold header, then rows; every cell neutralised and clipped. */
export function renderTable(titles: string[], rows: string[][], style: TextStyle): string {
  const a = new Ansis(style.color ? 3 : 0)
  const header = titles.map((t) => clip(t))
  const cells = rows.map((r) => r.map((c) => clip(c)))
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)))
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()
  return [a.bold(line(header)), ...cells.map(line)].join('\n')
}

const orDash = (v: string | number | null): string => (v === null ? '-' : String(v))

export function renderCrashList(result: {crashes: CrashListItem[]}, style: TextStyle): string {
  if (result.crashes.length === 0) return 'no stored crash matches'
  const rows = result.crashes.map((c) => [
    String(c.id), orDash(c.time), orDash(c.node), c.kind, c.rule ?? (c.coreTraceOf != null ? `(core trace of #${c.coreTraceOf})` : '(unknown cause)'), c.confidence === null ? '-' : c.confidence.toFixed(2), `${c.source}:${c.lines.start}`,
  ])
  return renderTable(['ID', 'TIME', 'NODE', 'KIND', 'RULE', 'CONF', 'WHERE'], rows, style)
}

function lineText(l: StoredLine, a: Ansis): string {
  const where = a.dim(neutralise(`${l.node ?? path.basename(l.source)}:${l.lineNo}`))
  return `${where} ${clip(l.text, 400)}`
}

/** Log lines as `node-or-file-name:line text`, one per line. */
export function renderLines(lines: readonly StoredLine[], style: TextStyle): string {
  const a = new Ansis(style.color ? 3 : 0)
  return lines.map((l) => lineText(l, a)).join('\n')
}

/** The stored crash as diagnose shows it, then the timeline of lines before it across nodes. */
export function renderCrashDetail(detail: CrashDetail, style: TextStyle): string {
  const a = new Ansis(style.color ? 3 : 0)
  const out = [`${a.dim(`crash #${detail.id}`)}`, renderCrashText(detail.crash, style)]
  for (const l of detail.linked) {
    const what = l.coreTrace ? 'core-dump trace of this crash' : 'the log crash this core trace belongs to'
    out.push(`  ${a.bold('= linked:')} ${what}: #${l.id} ${l.kind} at ${neutralise(l.source)}:${l.lines.start}-${l.lines.end}`)
  }
  out.push('', a.bold('= timeline (lines before the crash, all nodes):'))
  if (detail.timeline.length === 0) out.push(a.dim('  (no stored lines before it)'))
  for (const l of detail.timeline) out.push(`  ${a.dim(orDash(l.time))} ${lineText(l, a)}`)
  return out.join('\n')
}

function queryCell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL'
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

export function renderQueryResult(result: QueryResult, style: TextStyle): string {
  const table = renderTable(result.columns, result.rows.map((r) => r.map(queryCell)), style)
  const n = result.rows.length
  return `${table}\n(${n} row${n === 1 ? '' : 's'})`
}
