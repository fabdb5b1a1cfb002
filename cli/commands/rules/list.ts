import ansis from 'ansis'
import {BaseCommand} from '../../lib/base-command.js'
import {rulesFlag} from '../../lib/rule-dirs.js'
import {outputResult} from '../../lib/output.js'
import {listRules, type RuleSummary} from '../../services/rules.js'
import {renderRuleList} from '../../ui/render-rules.js'

export default class RulesList extends BaseCommand {
  static override summary = 'List the diagnosis rules: the built-in library and your own.'
  static override description = `Lists every rule diagnose uses: its id, title, the systems and crash kinds it applies to, and whether it is generic advice rather than a known root cause. Rules come from the built-in library, then STORCTL_RULES (directories separated by ${process.platform === 'win32' ? ';' : ':'}), then each --rules directory; a later rule replaces an earlier one of the same id.`
  static override examples = [
    {description: 'The built-in rules', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'With your own rules, as JSON', command: '<%= config.bin %> <%= command.id %> --rules ./my-rules --json'},
  ]
  static override enableJsonFlag = true
  static override flags = {
    rules: rulesFlag,
  }

  async run(): Promise<{rules: RuleSummary[]}> {
    const {flags} = await this.parse(RulesList)
    const result = listRules({dirs: flags.rules, env: process.env.STORCTL_RULES})
    if (!this.jsonEnabled()) outputResult(renderRuleList(result, {color: ansis.isSupported()}))
    return result
  }
}
