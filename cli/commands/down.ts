import {Flags} from '@oclif/core'
import {stopCluster, type StopResult} from '../../cluster/index.js'
import {BaseCommand} from '../lib/base-command.js'
import {outputResult} from '../lib/output.js'
import {clusterDir, clusterDirFlag} from '../lib/store-flags.js'
import {renderStop} from '../ui/render-cluster.js'

export default class Down extends BaseCommand {
  static override summary = 'Stop the reference cluster: every process it started, none left behind.'
  static override description = 'Sends SIGTERM to the supervisor, which stops each node (SIGTERM, then SIGKILL after 5 s) and commits what its ingest read; node processes found alive afterwards (or without a supervisor) are killed. --purge then removes the cluster directory with its logs and store. Exit status: 0; 4 when DIR holds no cluster.'
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {description: 'Stop and remove everything', command: '<%= config.bin %> <%= command.id %> --dir /tmp/c1 --purge'},
  ]
  static override enableJsonFlag = true
  static override flags = {
    dir: clusterDirFlag,
    purge: Flags.boolean({description: 'also remove the cluster directory (logs, cores, data, store)'}),
    timeout: Flags.integer({description: 'seconds to wait for the supervisor before killing it', default: 15, min: 1}),
  }

  async run(): Promise<StopResult> {
    const {flags} = await this.parse(Down)
    const result = await stopCluster(clusterDir(flags), {purge: flags.purge, timeoutMs: flags.timeout * 1000})
    if (!this.jsonEnabled()) outputResult(renderStop(result))
    return result
  }
}
