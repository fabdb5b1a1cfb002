import path from 'node:path'
import {Flags} from '@oclif/core'
import {BaseCommand} from '../lib/base-command.js'
import {AbortError} from '../lib/errors.js'
import {EXIT} from '../lib/exit-codes.js'
import {storeFile, storeFlags} from '../lib/store-flags.js'
import {dashboard, nodeSourceFor} from '../services/dashboard.js'
import {openDashboardScreen} from '../ui/dashboard/blessed/screen.js'

export default class Dashboard extends BaseCommand {
  static override summary = 'A wall screen of the store: lines/s per node, crash kinds, known vs unknown, nodes, recent crashes, log tail.'
  static override description = `Draws the store (written by storctl watch or storctl up) full screen and redraws it whenever the store changes. The lines/s chart covers the last --window seconds of the log, up to its newest timed line. With --dir of a reference cluster, the node table adds each node's role, health, uptime and restarts.

Keys: q, Escape or Ctrl-C quit and restore the terminal. Needs a terminal; scripts read storctl crashes --json and storctl logs --json instead.

Exit status: 0 quit; 2 not a terminal, or a usage error; 3 the store is missing or not a storctl store; 70 internal error.`
  static override examples = [
    {description: 'The reference cluster in ./.storctl', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'A store written by watch, with a 5-minute chart', command: '<%= config.bin %> <%= command.id %> --db /var/lib/storctl/storctl.db --window 300'},
  ]
  static override flags = {
    ...storeFlags,
    'refresh-ms': Flags.integer({description: 'how often to check the store for changes', default: 1000, min: 100}),
    window: Flags.integer({description: 'seconds of log the lines/s chart covers', default: 60, min: 5, max: 3600}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Dashboard)
    if (!process.stdout.isTTY || !process.stdin.isTTY) {
      throw new AbortError('storctl dashboard draws a full screen: it needs a terminal on stdin and stdout', {
        code: 'not-a-terminal', exit: EXIT.usage, hint: 'run it in a terminal; scripts can read storctl crashes --json and storctl logs --json',
      })
    }
    const file = storeFile(flags)
    const nodeSource = await nodeSourceFor(flags.db ? undefined : path.dirname(file))
    await dashboard({file, refreshMs: flags['refresh-ms'], windowSeconds: flags.window, nodeSource, openScreen: () => openDashboardScreen()})
  }
}
