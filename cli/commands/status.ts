import {BaseCommand} from '../lib/base-command.js'
import {outputResult} from '../lib/output.js'
import {clusterDir, clusterDirFlag} from '../lib/store-flags.js'
import {clusterStatus, type ClusterStatus} from '../services/status.js'
import {renderStatus} from '../ui/render-cluster.js'

export default class Status extends BaseCommand {
  static override summary = 'Show the reference cluster: nodes, pids, ports, health, uptime, restarts, last exit and last crash.'
  static override description = 'Reads what the supervisor keeps in DIR/state.json and the crashes its ingest stored, with each node\'s last crash and its diagnosis (rule). Works on a stopped cluster too (it shows the last state). Exit status: 0; 4 when DIR holds no cluster.'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {description: 'As JSON, for scripts', command: '<%= config.bin %> <%= command.id %> --dir /tmp/c1 --json'},
  ]
  static override enableJsonFlag = true
  static override flags = {
    dir: clusterDirFlag,
  }

  async run(): Promise<ClusterStatus> {
    const {flags} = await this.parse(Status)
    const status = clusterStatus(clusterDir(flags))
    if (!this.jsonEnabled()) outputResult(renderStatus(status, {color: process.stdout.isTTY === true}))
    return status
  }
}
