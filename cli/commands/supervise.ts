import {Flags} from '@oclif/core'
import {BaseCommand} from '../lib/base-command.js'
import {ruleDirs, rulesFlag} from '../lib/rule-dirs.js'
import {supervise} from '../services/supervise.js'
import {untilInterrupted} from '../services/watch.js'

export default class Supervise extends BaseCommand {
  static override hidden = true
  static override summary = 'Run the reference cluster\'s supervisor in the foreground (storctl up starts it detached).'
  static override flags = {
    dir: Flags.string({description: 'the cluster directory', required: true, helpValue: 'DIR'}),
    rules: rulesFlag,
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Supervise)
    await supervise(flags.dir, {ruleDirs: ruleDirs(flags.rules), until: untilInterrupted()})
  }
}
