import ansis from 'ansis'
import {BaseCommand} from '../../lib/base-command.js'
import {rulesFlag} from '../../lib/rule-dirs.js'
import {outputResult} from '../../lib/output.js'
import {lintRuleDirs, type LintResult} from '../../services/rules.js'
import {renderLint} from '../../ui/render-rules.js'

export default class RulesLint extends BaseCommand {
  static override summary = 'Check rules for mistakes: schema, regexes, backtracking, examples, references.'
  static override description = `Loads the built-in rules and yours and reports every problem as file:line: field: message (hint), with a code: yaml-syntax, schema, id-mismatch, duplicate-id, regex-invalid, regex-redos (a pattern open to catastrophic backtracking), references-missing, remediation-missing and example-missing are errors; regex-unchecked and condition-unexercised (no example log makes the condition match) are warnings.

Exit status: 0 no errors (warnings may be printed); 1 at least one error; 2 usage error.`
  static override examples = [
    {description: 'Lint the built-in library', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'Lint your rules before committing them', command: '<%= config.bin %> <%= command.id %> --rules ./my-rules'},
  ]
  static override enableJsonFlag = true
  static override flags = {
    rules: rulesFlag,
  }

  async run(): Promise<LintResult> {
    const {flags} = await this.parse(RulesLint)
    const {exitCode, ...result} = await lintRuleDirs({dirs: flags.rules, env: process.env.STORCTL_RULES})
    if (!this.jsonEnabled()) outputResult(renderLint(result, {color: ansis.isSupported()}))
    process.exitCode = exitCode
    return result
  }
}
