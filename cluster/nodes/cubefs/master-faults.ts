// The master's fault scenarios, driven through the real mechanisms, and how the master dies of them.
import type {GoFrame} from '../../node/go-log.js'
import type {FaultRequest} from '../../node/runtime.js'
import {dieLikeGo, errorText, goFramesFromError} from './go-crash.js'
import {
  APPLY_CREATED_BY, APPLY_FRAMES, APPLY_SNAPSHOT_GOROUTINE, CHECKER_CREATED_BY, CHECKER_FRAMES, HTTP_GOROUTINE,
  MAIN_GOROUTINE, RUNTIME_GOROUTINES, SHUTDOWN_GOROUTINE,
} from './master-frames.js'
import type {MasterServer} from './master.js'
import {runOom} from './oom.js'
import {runSnapshotReadRace} from './snapshot-read-race.js'

const COMMAND = 'cfs-server -c /opt/cubefs/conf/master.json'
const LOAD_TIMEOUT_MS = 5000

export function runMasterFault(m: MasterServer, request: FaultRequest): string {
  switch (request.scenario) {
    case 'master-shutdown-race': return runShutdownRace(m, request.fixed)
    case 'snapshot-read-race': return runSnapshotReadRace(m, request.fixed)
    case 'oom': return runOom({ctx: m.ctx, log: m.log, fixed: request.fixed, command: COMMAND, frames: OOM_FRAMES})
    default: throw new Error(`no scenario ${request.scenario}`)
  }
}

const OOM_FRAMES: GoFrame[] = [
  {func: 'github.com/cubefs/cubefs/master.(*Cluster).loadVolsCache', file: '/root/go/src/github.com/cubefs/cubefs/master/cluster_load.go', line: 412, args: '0xc000210a80, 0x2000000'},
  {func: 'github.com/cubefs/cubefs/master.(*Cluster).scheduleToUpdateStatInfo.func1', file: '/root/go/src/github.com/cubefs/cubefs/master/cluster.go', line: 488, args: ''},
]

/** Write load through the leader until the scenario has run (or the time is up). */
function startWriteLoad(m: MasterServer): {stop(): void} {
  let running = true
  let n = 0
  const worker = async () => {
    while (running) {
      await m.submit({key: `#kv#shutdown-load-${m.ctx.self.id}-${n++}`, value: String(Date.now())}).catch(() => undefined)
    }
  }
  for (let i = 0; i < 8; i++) void worker()
  return {stop: () => void (running = false)}
}

/** Restarts the metadata service at the moment raft has committed entries not yet applied. */
function runShutdownRace(m: MasterServer, fixed: boolean): string {
  m.store.guarded = fixed
  const load = startWriteLoad(m)
  const timer = setTimeout(() => {
    m.raft.onCommitAdvance = null
    load.stop()
    m.log.warn('server.go:61', `action[Shutdown] no committed entries left unapplied within ${LOAD_TIMEOUT_MS} ms: restart skipped`)
  }, LOAD_TIMEOUT_MS)
  m.raft.onCommitAdvance = () => {
    if (m.raft.commitIndex <= m.fsm.appliedIndex) return
    m.raft.onCommitAdvance = null
    clearTimeout(timer)
    restartMetadataService(m, fixed)
    load.stop()
  }
  return `write load on the metadata service; it restarts once raft has committed entries not yet applied (${fixed ? 'ordered stop' : 'store closed first'})`
}

function restartMetadataService(m: MasterServer, fixed: boolean): void {
  const {log, store, raft, fsm} = m
  log.info('server.go:55', `action[Shutdown] restart metadata service under write load, stopping master: commit(${raft.commitIndex}) applied(${fsm.appliedIndex})`)
  log.info('server.go:66', 'action[Shutdown] stop http service')
  m.serving = false
  if (!fixed) {
    store.close()
    log.info('rocksdb_store.go:35', `action[Close] rocksdb store dir(${store.dir}) closed`)
    log.info('server.go:68', 'action[Shutdown] stop raft partition(1)')
    log.info('raft_partition.go:37', `raft partition(1) stopping, commit(${raft.commitIndex}) applied(${fsm.appliedIndex}), apply remaining committed entries`)
    try {
      raft.stop()
    } catch (error) {
      crashOnApplyError(m, error)
    }
    return
  }
  log.info('server.go:68', 'action[Shutdown] stop raft apply loop first, drain committed entries')
  raft.pauseApply()
  log.info('raft_partition.go:41', `raft partition(1) apply stopped, commit(${raft.commitIndex}) applied(${fsm.appliedIndex})`)
  store.close()
  log.info('rocksdb_store.go:35', `action[Close] rocksdb store dir(${store.dir}) closed after apply stopped`)
  store.reopen()
  log.info('rocksdb_store.go:19', `action[NewRocksDBStore] reopen rocksdb dir(${store.dir})`)
  raft.resumeApply()
  m.serving = true
  log.info('server.go:43', `action[Start] metadata service restarted, applied(${fsm.appliedIndex})`)
  m.ctx.survived('master-shutdown-race', `ordered restart under write load: apply loop drained to ${fsm.appliedIndex} before the store closed; reopened and serving`)
}

/** A committed entry could not be applied: a closed store handle faults in cgo, other errors panic. */
export function crashOnApplyError(m: MasterServer, error: unknown): never {
  const frames = goFramesFromError(error, APPLY_FRAMES)
  const code = (error as NodeJS.ErrnoException | null)?.code
  if (code === 'EBADF') {
    return dieLikeGo(m.ctx, {kind: 'fatal', command: COMMAND, crash: {
      header: ['fatal error: unexpected signal during runtime execution'],
      signal: {name: 'SIGSEGV', code: '0x1', addr: '0x41124'},
      runtimeStack: [
        {func: 'runtime.throw', file: 'runtime/panic.go', line: 1047, args: '{0x4f4047?, 0x5a5400?}'},
        {func: 'runtime.sigpanic', file: 'runtime/signal_unix.go', line: 819, args: ''},
      ],
      goroutines: [
        {id: 7, state: 'syscall', frames: [{func: 'runtime.cgocall', file: 'runtime/cgocall.go', line: 158, args: '0x4caea0, 0xc000119aa8'}, ...frames], createdBy: APPLY_CREATED_BY},
        SHUTDOWN_GOROUTINE, HTTP_GOROUTINE, ...RUNTIME_GOROUTINES,
      ],
    }})
  }
  m.log.error('metadata_fsm.go:150', `action[fsmApply] apply failed: ${errorText(error)}`)
  return dieLikeGo(m.ctx, {kind: 'panic', command: COMMAND, crash: {
    header: [`panic: apply raft entry: ${errorText(error)}`],
    goroutines: [{id: 7, state: 'running', frames, createdBy: APPLY_CREATED_BY}, MAIN_GOROUTINE, HTTP_GOROUTINE, ...RUNTIME_GOROUTINES],
  }})
}

/** The checker hit a half-built structure: a nil dereference panics the whole master. */
export function crashOnCheckerError(m: MasterServer, error: unknown): never {
  const nil = error instanceof TypeError && /undefined|null/.test(error.message)
  const others = m.fsm.restoring ? [APPLY_SNAPSHOT_GOROUTINE] : []
  return dieLikeGo(m.ctx, {kind: 'panic', command: COMMAND, crash: {
    header: [nil ? 'panic: runtime error: invalid memory address or nil pointer dereference' : `panic: ${errorText(error)}`],
    ...(nil ? {signal: {name: 'SIGSEGV' as const, code: '0x1', addr: '0x28'}} : {}),
    goroutines: [
      {id: 903, state: 'running', frames: goFramesFromError(error, CHECKER_FRAMES), createdBy: CHECKER_CREATED_BY},
      MAIN_GOROUTINE, ...others, HTTP_GOROUTINE, ...RUNTIME_GOROUTINES,
    ],
  }})
}
