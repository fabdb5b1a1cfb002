import {render} from 'ink'
import type {MonitorSession} from '../../services/monitor.js'
import {App} from './App.js'

// The alternate screen keeps the user's scrollback intact; leaving it also shows the cursor again.
const ENTER_SCREEN = '\u001b[?1049h\u001b[H'
const LEAVE_SCREEN = '\u001b[?1049l\u001b[?25h'

export interface RunMonitorOptions {
  refreshMs: number
  stdout?: NodeJS.WriteStream
  stdin?: NodeJS.ReadStream
}

/** Runs the monitor full-screen until q, ctrl-c, SIGTERM/SIGHUP or a crash; the terminal is restored in every case. */
export async function runMonitor(session: MonitorSession, options: RunMonitorOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout
  let restored = false
  const restore = () => {
    if (restored) return
    restored = true
    stdout.write(LEAVE_SCREEN)
  }
  stdout.write(ENTER_SCREEN)
  process.once('exit', restore)
  const app = render(<App session={session} refreshMs={options.refreshMs} injectFault={(scenario, node) => session.injectFault(scenario, node)} />, {
    stdout, stdin: options.stdin ?? process.stdin, exitOnCtrlC: true, patchConsole: true,
  })
  const stop = () => app.unmount()
  process.once('SIGTERM', stop)
  process.once('SIGHUP', stop)
  try {
    await app.waitUntilExit()
  } finally {
    process.off('SIGTERM', stop)
    process.off('SIGHUP', stop)
    process.off('exit', restore)
    restore()
  }
}
