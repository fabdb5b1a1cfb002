import {Args} from '@oclif/core'
import ansis from 'ansis'
import {BaseCommand} from '../../lib/base-command.js'
import {rulesFlag} from '../../lib/rule-dirs.js'
import {outputResult} from '../../lib/output.js'
import {showRule, type RuleDetail} from '../../services/rules.js'
import {renderRule} from '../../ui/render-rules.js'

export default class RulesShow extends BaseCommand {
  static override summary = 'Show one rule in full: its conditions, root cause and remediation.'
  static override description = `Prints everything a rule says: where it comes from, the crash kinds and systems it applies to, each condition with its weight and why it matters, the root cause, the remediation steps, references and the example logs that prove it. An unknown id fails with code rule-not-found and suggests close ids.`
  static override examples = [
    {description: 'A built-in rule', command: '<%= config.bin %> <%= command.id %> cubefs-master-shutdown-rocksdb-race'},
    {description: 'One of your rules, as JSON', command: '<%= config.bin %> <%= command.id %> myco-replica-oom --rules ./my-rules --json'},
  ]
  static override enableJsonFlag = true
  static override args = {id: Args.string({description: 'rule id (see storctl rules list)', required: true})}
  static override flags = {
    rules: rulesFlag,
  }

  async run(): Promise<RuleDetail> {
    const {args, flags} = await this.parse(RulesShow)
    const rule = showRule(args.id, {dirs: flags.rules, env: process.env.STORCTL_RULES})
    if (!this.jsonEnabled()) outputResult(renderRule(rule, {color: ansis.isSupported()}))
    return rule
  }
}
