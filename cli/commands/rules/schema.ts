import {BaseCommand} from '../../lib/base-command.js'
import {outputResult} from '../../lib/output.js'
import {ruleJsonSchema} from '../../services/rules.js'

export default class RulesSchema extends BaseCommand {
  static override summary = 'Print the JSON Schema of rule files.'
  static override description = `Prints the JSON Schema (draft-07) that every rule file is validated against, generated from the one TypeScript definition of the rule format. rules/schema.json is this output; editors use it through the "# yaml-language-server: $schema=../schema.json" line of each rule.`
  static override examples = [
    {description: 'Regenerate rules/schema.json', command: '<%= config.bin %> <%= command.id %> > rules/schema.json'},
  ]

  async run(): Promise<Record<string, unknown>> {
    await this.parse(RulesSchema)
    const schema = ruleJsonSchema()
    outputResult(JSON.stringify(schema, null, 2))
    return schema
  }
}
