import {Flags} from '@oclif/core'
import ansis from 'ansis'
import {BaseCommand} from '../../lib/base-command.js'
import {outputResult} from '../../lib/output.js'
import {storeFile, storeFlags} from '../../lib/store-flags.js'
import {listCrashes, type CrashListItem} from '../../services/store.js'
import {renderCrashList} from '../../ui/render-store.js'

export default class Crashes extends BaseCommand {
  static override summary = 'List the crashes stored by storctl watch or the reference cluster, newest first.'
  static override description = `Lists the crashes in the store (written by storctl watch or storctl up): id, time, node, kind, the rule that explains it and where it is. Filters combine. Use storctl crashes show <id> for the full diagnosis and the timeline before it.

The store is <dir>/storctl.db, where <dir> is --dir, else STORCTL_DIR, else ./.storctl; --db names the file directly. Reading works while storctl watch writes.

Exit status: 0 listed (also when none match); 2 usage error (a bad --since); 3 the store is missing or not a storctl store; 70 internal error.`
  static override examples = [
    {description: 'Every stored crash', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Aborts of the last hour on one node', command: '<%= config.bin %> <%= command.id %> --since 1h --kind abort --node datanode-2'},
    {description: 'Crashes one rule explains, as JSON, from another store', command: '<%= config.bin %> <%= command.id %> --rule cubefs-master-shutdown-rocksdb-race --db /var/lib/storctl/storctl.db --json'},
  ]
  static override enableJsonFlag = true
  static override flags = {
    ...storeFlags,
    since: Flags.string({description: 'only crashes at or after this: a duration back from now (30m, 1h, 2d) or an ISO time'}),
    kind: Flags.string({description: 'only crashes of this kind (sigsegv, abort, panic, oom, ...)'}),
    node: Flags.string({description: 'only crashes on this node'}),
    rule: Flags.string({description: 'only crashes this rule explains'}),
    limit: Flags.integer({description: 'at most this many crashes', default: 100, min: 1}),
  }

  async run(): Promise<{crashes: CrashListItem[]}> {
    const {flags} = await this.parse(Crashes)
    const {since, kind, node, rule, limit} = flags
    const result = listCrashes(storeFile(flags), {since, kind, node, rule, limit})
    if (!this.jsonEnabled()) outputResult(renderCrashList(result, {color: ansis.isSupported()}))
    return result
  }
}
