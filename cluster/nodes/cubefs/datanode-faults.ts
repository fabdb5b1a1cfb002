// The datanode's fault scenarios and how it dies of them: a WAL write error panics out of the
// partition's raft store loop (CubeFS 3.4.0); fixed (cubefs#3559), only that partition goes offline.
import type {FaultRequest} from '../../node/runtime.js'
import {RUNTIME_GOROUTINES} from '../../node/go-log.js'
import {cfs, dieLikeGo, errorText, goFramesFromError, type FrameTable} from './go-crash.js'
import type {DataPartition} from './data-partition.js'
import type {DataNodeServer} from './datanode.js'
import {runOom} from './oom.js'
import type {WalRecord} from './wal.js'

const COMMAND = 'cfs-server -c /opt/cubefs/conf/datanode.json'
/** A device whose writes the kernel fails with ENOSPC. */
const FULL_DEVICE = '/dev/full'

const STORE_LOOP_FRAMES: FrameTable = {
  'DataPartition.persistRaftLog': [cfs('datanode', '(*DataPartition).persistRaftLog', 'datanode/partition_raft.go', 214, '0xc0000660f0, 0x4?, 0x4c99dc?, {0xc00004af60?, 0xc00004bf60?, 0x0?}')],
  'DataPartition.raftStoreLoop': [cfs('datanode', '(*DataPartition).raftStoreLoop', 'datanode/partition_raft.go', 226, '0xc0000660f0, 0x100000')],
}
const STORE_LOOP_CREATED_BY = cfs('datanode', '(*DataPartition).StartRaftLoggingSchedule', 'datanode/partition_raft.go', 188)

const ERRNO_TEXT: Record<string, string> = {ENOSPC: 'no space left on device', EIO: 'input/output error', EROFS: 'read-only file system'}

export function runDatanodeFault(d: DataNodeServer, request: FaultRequest): string {
  switch (request.scenario) {
    case 'wal-io-error': return runWalIoError(d, request.fixed)
    case 'oom': return runOom({ctx: d.ctx, log: d.log, fixed: request.fixed, command: COMMAND, frames: [
      cfs('datanode', '(*DataPartition).loadExtentCache', 'datanode/partition.go', 612, '0xc0000660f0, 0x2000000'),
      cfs('datanode', '(*DataNode).scheduleLoadCache.func1', 'datanode/server.go', 417, ''),
    ]})
    default: throw new Error(`no scenario ${request.scenario}`)
  }
}

/** Moves one partition's WAL fd onto /dev/full, then writes to that partition. */
function runWalIoError(d: DataNodeServer, fixed: boolean): string {
  const partition = d.partitions.find((p) => p.status === 'ReadWrite')
  if (!partition) throw new Error(`${d.ctx.self.id} has no partition serving`)
  d.isolateWalErrors = fixed
  partition.wal.moveTo(FULL_DEVICE)
  d.log.info('wal.go:32', `action[OpenWAL] wal dir(${partition.wal.dir}) open log file(${FULL_DEVICE})`)
  for (let i = 0; i < 3; i++) partition.put(`wal-io-probe-${i}`, String(Date.now())).catch(() => undefined)
  return `partition(${partition.id}) WAL reopened on ${FULL_DEVICE}; writing to it (${fixed ? 'errors isolate the partition' : 'errors panic'})`
}

/** Go's error text: `write <file>: no space left on device`. */
function goWriteError(error: unknown, target: string): string {
  const code = (error as NodeJS.ErrnoException | null)?.code ?? ''
  return `write ${target}: ${ERRNO_TEXT[code] ?? errorText(error)}`
}

export function handleWalError(d: DataNodeServer, partition: DataPartition, error: unknown, batch: readonly WalRecord[]): void {
  const text = goWriteError(error, partition.wal.target)
  const index = batch[0]?.index ?? partition.appliedIndex + 1
  d.log.error('partition_raft.go:213', `action[persistRaftLog] partition(${partition.id}) term(1) index(${index}) write wal failed: ${text}`)
  if (d.isolateWalErrors) {
    partition.takeOffline(text)
    const serving = d.partitions.filter((p) => p.status === 'ReadWrite').map((p) => p.id)
    d.log.warn('partition_raft.go:219', `action[persistRaftLog] partition(${partition.id}) set Unavailable after WAL error; partitions(${serving.join(',')}) keep serving`)
    d.ctx.survived('wal-io-error', `partition(${partition.id}) offline after "${text}"; partitions ${serving.join(', ')} serving`)
    return
  }
  // The panic is raised here, in the store loop that got the error back from the WAL.
  const frames = goFramesFromError(new Error('panic'), STORE_LOOP_FRAMES)
  dieLikeGo(d.ctx, {kind: 'panic', command: COMMAND, crash: {
    header: [`panic: partition(${partition.id}) raft wal write index(${index}): ${text}`],
    goroutines: [{id: 6, state: 'running', frames, createdBy: STORE_LOOP_CREATED_BY}, ...RUNTIME_GOROUTINES],
  }})
}
