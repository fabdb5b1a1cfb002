import {Flags} from '@oclif/core'
import ansis from 'ansis'
import {BaseCommand} from '../lib/base-command.js'
import {outputResult} from '../lib/output.js'
import {storeFile, storeFlags} from '../lib/store-flags.js'
import {followLogs, interruptSignal, logs, type StoredLine} from '../services/store.js'
import {renderLines} from '../ui/render-store.js'

export default class Logs extends BaseCommand {
  static override summary = 'Print the log lines stored by storctl watch, filtered; -f follows new ones.'
  static override description = `Prints stored log lines in file order as <node or file>:<line> <text>. Filters combine: --node, --level (INFO, WARN, ERROR, ...), --grep (a plain substring, case-sensitive). With -f, keeps printing lines as storctl watch stores them (checked every 500 ms) until Ctrl-C.

With --json: {lines: [...]}; with --json -f, one JSON line object per line (NDJSON).

Exit status: 0 printed (also when none match); 2 usage error; 3 the store is missing or not a storctl store; 70 internal error.`
  static override examples = [
    {description: 'Error lines of one node', command: '<%= config.bin %> <%= command.id %> --node datanode-2 --level ERROR'},
    {description: 'Lines that mention a shutdown', command: '<%= config.bin %> <%= command.id %> --grep stopping'},
    {description: 'Follow new lines as they arrive', command: '<%= config.bin %> <%= command.id %> -f'},
  ]
  static override enableJsonFlag = true
  static override flags = {
    ...storeFlags,
    node: Flags.string({description: 'only lines of this node'}),
    level: Flags.string({description: 'only lines of this level (INFO, WARN, ERROR, ...)', parse: async (v) => v.toUpperCase()}),
    grep: Flags.string({description: 'only lines containing this text (plain, case-sensitive)'}),
    follow: Flags.boolean({char: 'f', description: 'keep printing new lines until Ctrl-C'}),
    limit: Flags.integer({description: 'at most this many lines (per poll with -f)', default: 200, min: 1}),
  }

  async run(): Promise<{lines: StoredLine[]} | undefined> {
    const {flags} = await this.parse(Logs)
    const {node, level, grep, limit} = flags
    const file = storeFile(flags)
    if (!flags.follow) {
      const result = logs(file, {node, level, grep, limit})
      if (!this.jsonEnabled() && result.lines.length > 0) outputResult(renderLines(result.lines, {color: ansis.isSupported()}))
      return result
    }
    for await (const batch of followLogs(file, {node, level, grep, limit, signal: interruptSignal()})) {
      outputResult(this.jsonEnabled() ? batch.map((l) => JSON.stringify(l)).join('\n') : renderLines(batch, {color: ansis.isSupported()}))
    }
    return undefined
  }
}
