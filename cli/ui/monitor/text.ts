// Cell text for the monitor: untrusted text neutralised, every cell clipped to its width.
import {neutralise} from '../sanitize.js'

/** Log or store text made safe for the terminal: escapes shown as text, tabs as spaces, one line. */
export function clean(text: string): string {
  return neutralise(text).replace(/[\t\n]/g, ' ')
}

/** `text` cut to `width` columns (an ellipsis marks the cut), padded with spaces to `width` when asked. */
export function fit(text: string, width: number, pad = false): string {
  if (width <= 0) return ''
  const chars = Array.from(text)
  const cut = chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : text
  return pad ? cut + ' '.repeat(Math.max(0, width - Math.min(chars.length, width))) : cut
}

/** `HH:MM:SS` (UTC) of an epoch-ms time, with the date before it when it is not today. */
export function clock(ts: number | null, now = Date.now()): string {
  if (ts === null) return '-'
  const iso = new Date(ts).toISOString()
  return iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? iso.slice(11, 19) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`
}

/** 4d3h, 2h05m, 3m07s, 12s. */
export function duration(ms: number | null): string {
  if (ms === null) return '-'
  const s = Math.floor(ms / 1000)
  const two = (n: number) => String(n).padStart(2, '0')
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${two(s % 60)}s`
  if (s < 86_400) return `${Math.floor(s / 3600)}h${two(Math.floor((s % 3600) / 60))}m`
  return `${Math.floor(s / 86_400)}d${Math.floor((s % 86_400) / 3600)}h`
}

export function rate(perSecond: number): string {
  if (perSecond === 0) return '0/s'
  return perSecond >= 100 ? `${Math.round(perSecond)}/s` : `${perSecond.toFixed(1)}/s`
}

export const orDash = (v: string | number | null): string => (v === null ? '-' : String(v))

/** Words of `text` wrapped into lines of at most `width` columns (long words cut). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let current = ''
  for (const word of clean(text).split(/ +/)) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current)
      current = ''
    }
    current = current === '' ? word : `${current} ${word}`
    while (current.length > width) {
      lines.push(current.slice(0, width))
      current = current.slice(width)
    }
  }
  if (current !== '') lines.push(current)
  return lines
}
