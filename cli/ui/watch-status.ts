import type {WatchResult} from '../services/watch.js'
import {neutralise as sanitize} from './sanitize.js'

type WatchStats = Omit<WatchResult, 'db' | 'paths'>

function lastCrash(stats: WatchStats): string {
  const c = stats.lastCrash
  if (!c) return ''
  return `, last: ${c.kind}${c.rule ? ` (${c.rule})` : ''} in ${sanitize(c.path)} at ${c.at.toTimeString().slice(0, 8)}`
}

/** The live status: sources, throughput, crashes, and the last crash. */
export function renderWatchStatus(stats: WatchStats): string {
  return `watching ${stats.sources} source${stats.sources === 1 ? '' : 's'}: ${stats.lines} lines (${stats.linesPerSecond}/s), ${stats.crashes} crash${stats.crashes === 1 ? '' : 'es'}${lastCrash(stats)}`
}

/** The line printed when watch stops. */
export function renderWatchSummary(result: WatchResult): string {
  return `stored ${result.lines} lines and ${result.crashes} crash${result.crashes === 1 ? '' : 'es'} from ${result.paths.map(sanitize).join(', ')} into ${sanitize(result.db)}${lastCrash(result)}`
}

/** One status line on stderr, rewritten in place; nothing when stderr is not a terminal. */
export function statusLineOnTty(stream: NodeJS.WriteStream = process.stderr): {update: (stats: WatchStats) => void; stop: () => void} {
  let shown = false
  return {
    update(stats) {
      if (!stream.isTTY) return
      const line = renderWatchStatus(stats).slice(0, Math.max(20, (stream.columns ?? 80) - 1))
      stream.write(`\r\u001B[K${line}`)
      shown = true
    },
    stop() {
      if (shown) stream.write('\r\u001B[K')
      shown = false
    },
  }
}
