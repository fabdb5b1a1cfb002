import {FAULT_SCENARIOS, type FaultScenario} from '../../../cluster/index.js'
import {BaseCommand} from '../../lib/base-command.js'
import {outputResult} from '../../lib/output.js'
import {renderScenarios} from '../../ui/render-cluster.js'

export default class FaultList extends BaseCommand {
  static override summary = 'List the fault scenarios: what each drives a node through, and the root cause it reproduces.'
  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']
  static override enableJsonFlag = true

  async run(): Promise<{scenarios: readonly FaultScenario[]}> {
    await this.parse(FaultList)
    if (!this.jsonEnabled()) outputResult(renderScenarios(FAULT_SCENARIOS))
    return {scenarios: FAULT_SCENARIOS}
  }
}
