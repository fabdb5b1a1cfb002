// Timestamps as logs print them, to epoch milliseconds. Yearless formats (glog, syslog) get YEARLESS_YEAR.

/** Year given to timestamps that print none; reports show such times without a date. */
export const YEARLESS_YEAR = 1970

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
}

interface Parts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  fraction?: string
  zone?: string
}

function toEpoch(p: Parts): number | null {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31 || p.hour > 23 || p.minute > 59 || p.second > 60) return null
  const ms = p.fraction ? Math.floor(Number(`0.${p.fraction}`) * 1000) : 0
  let t = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, ms)
  if (p.zone && p.zone !== 'Z' && p.zone !== 'z') {
    const z = /^([+-])(\d\d):?(\d\d)$/.exec(p.zone)
    if (z) t -= (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3])) * 60_000
  }
  return Number.isFinite(t) ? t : null
}

const DATE_TIME = /^(\d{4})[-/.](\d\d)[-/.](\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?\s?(Z|[+-]\d\d:?\d\d)?/
const GLOG = /^(\d{4})?(\d\d)(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/
const SYSLOG = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/
const EPOCH = /^(\d{10})(?:\.(\d+))?$/

/** Parses the timestamp shapes the prefix table captures; null when it is none of them. */
export function parseTimestamp(text: string): number | null {
  let m = DATE_TIME.exec(text)
  if (m) {
    return toEpoch({year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, fraction: m[7], zone: m[8]})
  }
  m = GLOG.exec(text)
  if (m) {
    const year = m[1] ? +m[1] : YEARLESS_YEAR
    return toEpoch({year, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]!, fraction: m[7]})
  }
  m = SYSLOG.exec(text)
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase()]
    if (!month) return null
    return toEpoch({year: YEARLESS_YEAR, month, day: +m[2]!, hour: +m[3]!, minute: +m[4]!, second: +m[5]!, fraction: m[6]})
  }
  m = EPOCH.exec(text)
  if (m) return Number(m[1]) * 1000 + (m[2] ? Math.floor(Number(`0.${m[2]}`) * 1000) : 0)
  return null
}

/** ISO-8601 for a report, or null when the log's timestamp carried no year. */
export function formatTime(epochMs: number | null): string | null {
  if (epochMs === null) return null
  const d = new Date(epochMs)
  if (d.getUTCFullYear() === YEARLESS_YEAR) return null
  return d.toISOString()
}
