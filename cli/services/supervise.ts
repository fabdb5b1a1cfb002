import {appendFileSync, rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {recordNodeEvent} from '../../analyzer/store/node-events.js'
import {ClusterError, livePidFromFile, openCluster, startWorkload, Supervisor, WORKLOAD_OPS} from '../../cluster/index.js'
import {startWatch} from './watch.js'

export interface SuperviseOptions {
  ruleDirs: readonly string[]
  /** Resolves when the supervisor must stop every node (SIGTERM from `down`). */
  until: Promise<unknown>
}

/**
 * The supervisor process of `storctl up`: runs the nodes, keeps traffic flowing, and ingests the
 * cluster's logs and core-dump traces into its store, with every node start, exit and restart.
 */
export async function supervise(dir: string, options: SuperviseOptions): Promise<void> {
  const cluster = openCluster(dir)
  const {paths, spec, token} = cluster
  const other = livePidFromFile(paths.supervisorPid)
  if (other !== null && other !== process.pid) throw new ClusterError(`a supervisor already runs this cluster (pid ${other})`, 'cluster-running', `stop it with: storctl down --dir ${dir}`)
  writeFileSync(paths.supervisorPid, `${process.pid}\n`)
  const log = (line: string) => appendFileSync(paths.supervisorLog, `${new Date().toISOString()} ${line}\n`)
  try {
    const watching = await startWatch([paths.logs, paths.cores], {
      db: paths.db, fromEnd: false, idleMs: 200, ruleDirs: options.ruleDirs, onWarning: (w) => log(`ingest: ${w}`),
      nodeOf: (file) => (path.dirname(file) === paths.logs && file.endsWith('.log') ? path.basename(file, '.log') : null),
    })
    const supervisor = new Supervisor({
      paths, spec, token, log,
      onEvent: (event) => {
        recordNodeEvent(watching.store.db, event)
        log(`${event.node} ${event.event}${event.pid ? ` pid ${event.pid}` : ''}${event.signal ? ` signal ${event.signal}` : event.code !== null ? ` code ${event.code}` : ''}`)
      },
    })
    log(`supervisor pid ${process.pid}: starting ${spec.nodes.length} nodes${spec.fixed ? ' (fixed code paths)' : ''}`)
    supervisor.start()
    const flavours = [...new Set(spec.nodes.map((n) => n.flavour))]
    const workload = startWorkload(spec, token, flavours.map((f) => WORKLOAD_OPS[f]), supervisor.workload)
    await options.until
    log('stopping: SIGTERM to every node')
    workload.stop()
    await supervisor.stop()
    await watching.stop()
    log('stopped')
  } finally {
    rmSync(paths.supervisorPid, {force: true})
  }
}
