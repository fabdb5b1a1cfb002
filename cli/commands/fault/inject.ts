import {Args, Flags} from '@oclif/core'
import {injectFault, type FaultOutcome} from '../../services/fault.js'
import {FAULT_SCENARIOS} from '../../../cluster/index.js'
import {BaseCommand} from '../../lib/base-command.js'
import {EXIT} from '../../lib/exit-codes.js'
import {outputResult} from '../../lib/output.js'
import {clusterDir, clusterDirFlag} from '../../lib/store-flags.js'
import {renderFaultOutcome} from '../../ui/render-cluster.js'

export default class FaultInject extends BaseCommand {
  static override summary = 'Drive a node of the running reference cluster through a fault scenario, for real.'
  static override description = 'The node runs the scenario\'s mechanism (storctl fault list) and dies the way the real system does: the trace in its log, a core-dump trace under DIR/cores, death by the real signal; the supervisor restarts it and the store diagnoses the crash (storctl crashes). With --fixed (or a cluster started with up --fixed) the remediated path runs and the node survives. Waits until the node died or reported it survived. Exit status: 0 the scenario ran (crashed or survived); 4 the cluster is not running, the node cannot run it, or nothing happened in time.'
  static override examples = [
    '<%= config.bin %> <%= command.id %> wal-io-error',
    {description: 'On a chosen node, the remediated path', command: '<%= config.bin %> <%= command.id %> master-shutdown-race --node master2 --fixed'},
    {description: 'Then see the diagnosis', command: '<%= config.bin %> crashes --rule cubefs-master-shutdown-rocksdb-race'},
  ]
  static override enableJsonFlag = true
  static override args = {scenario: Args.string({description: 'a scenario id (storctl fault list)', required: true, options: FAULT_SCENARIOS.map((s) => s.id)})}
  static override flags = {
    dir: clusterDirFlag,
    node: Flags.string({description: 'the node to drive (default: a healthy node of the scenario\'s role)', helpValue: 'ID'}),
    fixed: Flags.boolean({description: 'run the remediated code path (default: as the cluster was started)', allowNo: true}),
    wait: Flags.integer({description: 'seconds to wait for the node to die or survive', default: 15, min: 1}),
  }

  async run(): Promise<FaultOutcome> {
    const {args, flags} = await this.parse(FaultInject)
    const outcome = await injectFault(clusterDir(flags), args.scenario, {node: flags.node, fixed: flags.fixed, waitMs: flags.wait * 1000})
    if (!this.jsonEnabled()) outputResult(renderFaultOutcome(outcome))
    if (outcome.result === 'no-change') process.exitCode = EXIT.cluster
    return outcome
  }
}
