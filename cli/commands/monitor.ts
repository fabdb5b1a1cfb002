import {Flags} from '@oclif/core'
import {BaseCommand} from '../lib/base-command.js'
import {AbortError} from '../lib/errors.js'
import {EXIT} from '../lib/exit-codes.js'
import {storeFlags} from '../lib/store-flags.js'
import {MonitorSession} from '../services/monitor.js'
import {loadMonitorUi} from '../ui/monitor/load.js'

export default class Monitor extends BaseCommand {
  static override summary = 'Watch nodes, crashes and logs live in the terminal (k9s-style keys).'
  static override description = `A full-screen console over a store written by storctl watch (--db) or the reference cluster (--dir): Nodes (role, pid, port, health, uptime, restarts, log rate, last crash), Crashes grouped by fingerprint, a crash's diagnosis and timeline, and a live tail of the logs. It reads only what changed in the store.

Keys: ":" switches view (:nodes, :crashes, :logs), "/" filters, enter drills in, esc goes back, "?" shows every key, "f" opens the fault menu of the reference cluster, "q" quits.

Needs a terminal. Exit status: 0 quit; 2 not run in a terminal, or a usage error; 3 the store is missing or not a storctl store; 70 internal error.`
  static override examples = [
    {description: 'The reference cluster in ./.storctl', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Any store written by watch', command: '<%= config.bin %> <%= command.id %> --db /var/lib/storctl/storctl.db'},
  ]
  static override flags = {
    ...storeFlags,
    'refresh-ms': Flags.integer({description: 'how often the store is checked for changes', default: 250, min: 20, max: 10_000}),
  }

  async run(): Promise<void> {
    // Loaded here, not at the top, so other commands never pay for react and ink; started early to overlap the rest.
    const ui = loadMonitorUi()
    ui.catch(() => undefined)
    const {flags} = await this.parse(Monitor)
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      throw new AbortError('storctl monitor needs a terminal: stdin and stdout must be TTYs', {
        code: 'not-a-terminal', exit: EXIT.usage, hint: 'run it in a terminal; scripts can read storctl crashes --json and storctl logs -f',
      })
    }
    const session = await MonitorSession.open({db: flags.db, dir: flags.dir})
    try {
      const {runMonitor} = await ui
      await runMonitor(session, {refreshMs: flags['refresh-ms']})
    } finally {
      session.close()
    }
  }
}
