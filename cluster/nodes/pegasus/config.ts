// Knobs of the Pegasus-like nodes: defaults keep a test cluster fast, env vars tune a demo one.
import path from 'node:path'
import type {ClusterPaths} from '../../layout.js'

function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name])
  return Number.isFinite(value) && value > 0 ? value : fallback
}

/** The one app the meta server creates, as `create temp -p 8 -r 3` would. */
export const APP = {id: 1, name: 'temp', partitionCount: 8, maxReplicaCount: 3} as const

export const PEGASUS_CONFIG = {
  heartbeatMs: envNumber('STORCTL_PEGASUS_HEARTBEAT_MS', 300),
  checkpointMs: envNumber('STORCTL_PEGASUS_CHECKPOINT_MS', 1500),
  /** sst files per partition the bulk-load start creates in the remote dir, and their size. */
  bulkLoadFiles: envNumber('STORCTL_BULKLOAD_FILES', 2),
  bulkLoadFileBytes: envNumber('STORCTL_BULKLOAD_FILE_BYTES', 512 * 1024),
  /** Download throttle: bytes per chunk and the pause between chunks (the real rate limiter). */
  downloadChunkBytes: envNumber('STORCTL_BULKLOAD_CHUNK_BYTES', 32 * 1024),
  downloadChunkPauseMs: envNumber('STORCTL_BULKLOAD_CHUNK_PAUSE_MS', 15),
  memLimitBytes: envNumber('STORCTL_NODE_MEM_LIMIT_MB', 256) * 1024 * 1024,
} as const

/** The gperftools the server binary was built against (the 2.13 upgrade of the real issue). */
export const LINKED_GPERFTOOLS = '2.13'
/** The older copy the OS ships. */
export const SYSTEM_GPERFTOOLS = '2.6.1'
export const TCMALLOC_SONAME = 'libtcmalloc_and_profiler.so.4'

/** The package's bundled lib dir and the OS lib dir, shared by the cluster's replica servers. */
export function libraryDirs(paths: ClusterPaths): {bundled: string; system: string} {
  return {bundled: path.join(paths.dir, 'pegasus', 'lib'), system: path.join(paths.dir, 'pegasus', 'usr-lib64')}
}

export const gpid = (pidx: number) => `${APP.id}.${pidx}`
