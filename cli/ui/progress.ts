import cliProgress from 'cli-progress'
import type {DiagnoseProgress} from '../../analyzer/index.js'

/** Inputs smaller than this finish before a bar would be worth drawing. */
const MIN_BYTES_FOR_BAR = 32 * 1024 * 1024

/** A progress bar on stderr for long inputs, only when stderr is a terminal. */
export function progressOnTty(stream: NodeJS.WriteStream = process.stderr): {update: (p: DiagnoseProgress) => void; stop: () => void} {
  let bar: cliProgress.SingleBar | null = null
  let source = ''
  const stop = () => {
    bar?.stop()
    bar = null
  }
  const update = (p: DiagnoseProgress) => {
    if (!stream.isTTY || p.totalBytes === null || p.totalBytes < MIN_BYTES_FOR_BAR) return
    if (p.source !== source) {
      stop()
      source = p.source
      bar = new cliProgress.SingleBar(
        {stream, format: `reading ${p.source.slice(-40)} [{bar}] {percentage}% {value}/{total} MB`, hideCursor: true, clearOnComplete: true},
        cliProgress.Presets.shades_classic,
      )
      bar.start(Math.ceil(p.totalBytes / 2 ** 20), 0)
    }
    bar?.update(Math.min(Math.floor(p.bytesRead / 2 ** 20), Math.ceil(p.totalBytes / 2 ** 20)))
  }
  return {update, stop}
}
