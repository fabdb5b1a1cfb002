import {Flags} from '@oclif/core'
import ansis from 'ansis'
import type {ExampleCheck} from '../../../analyzer/index.js'
import {BaseCommand} from '../../lib/base-command.js'
import {rulesFlag} from '../../lib/rule-dirs.js'
import {outputResult} from '../../lib/output.js'
import {testRules} from '../../services/rules.js'
import {renderRuleTests} from '../../ui/render-rules.js'

export default class RulesTest extends BaseCommand {
  static override summary = 'Prove the rules on their example logs and the healthy samples.'
  static override description = `Diagnoses every rule's example logs with all rules loaded: each example must have its rule as the top diagnosis (for generic rules, as the generic advice given). Then diagnoses the healthy samples (labels.jsonl entries whose kinds are ["none"]): no specific rule may apply to them.

Exit status: 0 every rule passed; 1 a rule failed; 2 usage error; 3 the samples folder has no labels.jsonl.`
  static override examples = [
    {description: 'Test the built-in library', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Test your rules against your own healthy logs', command: '<%= config.bin %> <%= command.id %> --rules ./my-rules --samples ./my-samples'},
  ]
  static override enableJsonFlag = true
  static override flags = {
    rules: rulesFlag,
    samples: Flags.string({description: 'folder with a labels.jsonl naming the healthy logs (default: storctl\'s samples)'}),
  }

  async run(): Promise<ExampleCheck> {
    const {flags} = await this.parse(RulesTest)
    const {exitCode, ...check} = await testRules({dirs: flags.rules, env: process.env.STORCTL_RULES, samples: flags.samples})
    if (!this.jsonEnabled()) outputResult(renderRuleTests(check, {color: ansis.isSupported()}))
    process.exitCode = exitCode
    return check
  }
}
