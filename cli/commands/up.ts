import path from 'node:path'
import {Flags} from '@oclif/core'
import {BaseCommand} from '../lib/base-command.js'
import {outputResult} from '../lib/output.js'
import {ruleDirs, rulesFlag} from '../lib/rule-dirs.js'
import {clusterDir, clusterDirFlag} from '../lib/store-flags.js'
import {DEFAULT_TOPOLOGY, up, type UpResult} from '../services/up.js'
import {renderInventory} from '../ui/render-cluster.js'

export default class Up extends BaseCommand {
  static override summary = 'Start the local reference cluster: CubeFS-like and Pegasus-like nodes as real processes on 127.0.0.1.'
  static override description = `Starts a supervisor (detached; its pid in DIR/supervisor.pid) that runs every node as its own OS process with its own port, data dir, log file and pid: ${DEFAULT_TOPOLOGY.masters} CubeFS-like masters (raft-replicated metadata), datanodes with per-partition WALs, a Pegasus-like meta server and replica servers with checkpoints and bulk load. A workload keeps put/get traffic flowing. The supervisor restarts crashed nodes with backoff and ingests DIR/logs and DIR/cores into DIR/storctl.db, where storctl crashes, logs and query read them.

Waits until every node reports healthy, prints the inventory, then (in a terminal, without --detach) opens storctl monitor on it; quitting the monitor leaves the cluster running. Running it again on a stopped DIR starts the same cluster again. Exit status: 0 healthy; 4 the cluster could not start (the failing node and its last log lines are shown) or is already running.`
  static override examples = [
    {description: 'Start the default cluster in ./.storctl', command: '<%= config.bin %> <%= command.id %>'},
    {description: 'A smaller cluster whose nodes run the remediated code paths', command: '<%= config.bin %> <%= command.id %> --dir /tmp/c1 --masters 3 --datanodes 2 --replicas 2 --fixed'},
    {description: 'Then drive a node into a known crash', command: '<%= config.bin %> fault inject wal-io-error'},
  ]
  static override enableJsonFlag = true
  static override flags = {
    dir: clusterDirFlag,
    masters: Flags.integer({description: 'CubeFS-like masters (raft quorum)', default: DEFAULT_TOPOLOGY.masters, min: 1, max: 7}),
    datanodes: Flags.integer({description: 'CubeFS-like datanodes', default: DEFAULT_TOPOLOGY.datanodes, min: 0, max: 9}),
    replicas: Flags.integer({description: 'Pegasus-like replica servers (with one meta server; 0 for none)', default: DEFAULT_TOPOLOGY.replicas, min: 0, max: 9}),
    fixed: Flags.boolean({description: 'nodes run the remediated code paths: the fault scenarios do not crash them'}),
    rate: Flags.integer({description: 'workload operations per second (0: no traffic)', default: 20, min: 0, max: 5000}),
    port: Flags.integer({description: 'first port to try; taken ports are replaced by free ones', default: 17010, min: 1024, max: 65000}),
    timeout: Flags.integer({description: 'seconds the nodes get to report healthy', default: 20, min: 1}),
    detach: Flags.boolean({description: 'return once the cluster is healthy instead of opening storctl monitor (without a terminal it always returns)'}),
    rules: rulesFlag,
  }

  async run(): Promise<UpResult> {
    const {flags} = await this.parse(Up)
    const result = await up({
      dir: clusterDir(flags),
      topology: {masters: flags.masters, datanodes: flags.datanodes, replicas: flags.replicas},
      fixed: flags.fixed, workloadRate: flags.rate, basePort: flags.port, timeoutMs: flags.timeout * 1000,
      bin: path.join(this.config.root, 'cli', 'bin', 'run.js'), ruleDirs: ruleDirs(flags.rules),
    })
    if (!this.jsonEnabled()) outputResult(renderInventory(result))
    if (!flags.detach && !this.jsonEnabled() && process.stdout.isTTY && process.stdin.isTTY) await this.config.runCommand('monitor', ['--dir', result.dir])
    return result
  }
}
