import {Args, Flags} from '@oclif/core'
import {BaseCommand} from '../lib/base-command.js'
import {outputResult, outputWarning} from '../lib/output.js'
import {ruleDirs, rulesFlag} from '../lib/rule-dirs.js'
import {storeFile, storeFlags} from '../lib/store-flags.js'
import {untilInterrupted, watch, type WatchResult} from '../services/watch.js'
import {renderWatchSummary, statusLineOnTty} from '../ui/watch-status.js'

export default class Watch extends BaseCommand {
  static override summary = 'Tail logs into the store, diagnosing crashes as they are written.'
  static override description = `Follows log files and directories (recursively, including files created later): every line goes into the store, and every crash is diagnosed and stored as soon as its trace is complete (or the writer goes quiet), with the same analyzer and rules as diagnose. Appends, truncation (copytruncate), rotation by rename, deletion and rotated .gz files are followed. Each file's read position is committed with its lines: after a kill, watch resumes where it stopped, losing and repeating nothing.

Runs in the foreground with a status line on stderr; Ctrl-C stops it with everything read committed. Exit status: 0 stopped; 3 a path is missing or the store is held by another writer.`
  static override examples = [
    {description: 'Watch a node log directory into ./.storctl/storctl.db', command: '<%= config.bin %> <%= command.id %> /var/log/cubefs/'},
    {description: 'Only new lines, into a chosen store', command: '<%= config.bin %> <%= command.id %> replica.log --from-end --db /tmp/replica.db'},
  ]
  static override strict = false
  static override enableJsonFlag = true
  static override args = {
    path: Args.string({description: 'log file or directory (several may be given)', required: true}),
  }
  static override flags = {
    ...storeFlags,
    'from-start': Flags.boolean({description: 'read files the store does not know from their start (default)', exclusive: ['from-end']}),
    'from-end': Flags.boolean({description: 'read files the store does not know from their end: only new lines', exclusive: ['from-start']}),
    'idle-ms': Flags.integer({description: 'after this long without new bytes, a finished crash is diagnosed and stored (a half-written line waits at least 1000 ms)', default: 200, min: 1}),
    include: Flags.string({description: 'only files matching this glob (e.g. *.log); may be repeated', multiple: true}),
    exclude: Flags.string({description: 'skip files and directories matching this glob; may be repeated', multiple: true}),
    rules: rulesFlag,
  }

  async run(): Promise<WatchResult> {
    const {argv, flags} = await this.parse(Watch)
    const status = statusLineOnTty()
    const result = await watch(argv as string[], {
      db: storeFile(flags),
      fromEnd: flags['from-end'],
      idleMs: flags['idle-ms'],
      include: flags.include,
      exclude: flags.exclude,
      ruleDirs: ruleDirs(flags.rules),
      until: untilInterrupted(),
      onStatus: status.update,
      onWarning: outputWarning,
    }).finally(status.stop)
    if (!this.jsonEnabled()) outputResult(renderWatchSummary(result))
    return result
  }
}
