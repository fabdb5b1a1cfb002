import {Args} from '@oclif/core'
import ansis from 'ansis'
import {BaseCommand} from '../../lib/base-command.js'
import {outputResult} from '../../lib/output.js'
import {storeFile, storeFlags} from '../../lib/store-flags.js'
import {showCrash, type CrashDetail} from '../../services/store.js'
import {renderCrashDetail} from '../../ui/render-store.js'

export default class CrashesShow extends BaseCommand {
  static override summary = 'Show one stored crash: its diagnosis, evidence and the timeline across nodes.'
  static override description = `Prints a stored crash as storctl diagnose reports it (kind, evidence lines, top frames, the rule that explains it, what to do), then the timeline: the stored lines of every node in the minutes before it (or, for a crash without a time, the lines before it in its own file).

With --json: {id, crash, timeline}, where crash is the crash object of storctl diagnose --json.

Exit status: 0 shown; 2 usage error, or no crash with that id (code crash-not-found); 3 the store is missing or not a storctl store; 70 internal error.`
  static override examples = [
    {description: 'Crash 3 of the default store', command: '<%= config.bin %> <%= command.id %> 3'},
    {description: 'As JSON, from a given store', command: '<%= config.bin %> <%= command.id %> 3 --db ./cluster/.storctl/storctl.db --json'},
  ]
  static override enableJsonFlag = true
  static override args = {id: Args.string({description: 'crash id (see storctl crashes)', required: true})}
  static override flags = {...storeFlags}

  async run(): Promise<CrashDetail> {
    const {args, flags} = await this.parse(CrashesShow)
    const detail = showCrash(storeFile(flags), args.id)
    if (!this.jsonEnabled()) outputResult(renderCrashDetail(detail, {color: ansis.isSupported()}))
    return detail
  }
}
