import type {NodeRole} from './spec.js'

/** A fault scenario: which nodes it drives, and the known root cause its crash must be diagnosed as. */
export interface FaultScenario {
  id: string
  title: string
  /** Roles that can run it; the first is the default target's role. */
  roles: readonly NodeRole[]
  /** The KNOWN_ISSUES.md root cause the crash reproduces (null: no specific root cause). */
  rootCause: string | null
  /** What the node does, for real. */
  mechanism: string
  /** What --fixed does instead. */
  fixed: string
  /** Sent by the supervisor's side (SIGKILL), not run inside the node. */
  external?: boolean
  /** The default target is a node whose /health detail has this value (e.g. a raft follower). */
  prefer?: {detail: string; value: string}
}

export const FAULT_SCENARIOS: readonly FaultScenario[] = [
  {
    id: 'master-shutdown-race', title: 'master service stops while raft still applies', roles: ['master'],
    rootCause: 'cubefs-master-shutdown-rocksdb-race',
    mechanism: 'the master restarts its metadata service under write load: shutdown closes the metadata store while the raft apply loop is still applying committed entries; the next batch write goes through the closed store handle',
    fixed: 'the raft apply loop is stopped and drained before the store is closed; writes after close fail with an error',
  },
  {
    id: 'snapshot-read-race', title: 'reads during a half-applied raft snapshot', roles: ['master'],
    rootCause: 'cubefs-master-snapshot-read-race', prefer: {detail: 'role', value: 'follower'},
    mechanism: 'a follower master installs a raft snapshot, rebuilding its metadata maps in place in steps, while volume reads keep arriving and see half-built structures (a follower: the leader refuses it)',
    fixed: 'reads wait (with a timeout) until the snapshot is fully applied',
  },
  {
    id: 'wal-io-error', title: 'a partition WAL write meets a real I/O error', roles: ['datanode'],
    rootCause: 'cubefs-datanode-wal-io-panic',
    mechanism: "one data partition's WAL is moved onto a device that fails writes (/dev/full: ENOSPC from the kernel); the next append errors and the write path panics, taking down every partition",
    fixed: 'the error takes only that partition offline; the node and its other partitions keep serving',
  },
  {
    id: 'tcmalloc-mismatch', title: 'replica runs with a mismatched tcmalloc library, then checkpoints', roles: ['replica'],
    rootCause: 'pegasus-tcmalloc-version-mismatch',
    mechanism: 'the replica resolves libtcmalloc_and_profiler.so.4 from the system dir before its bundled one, so memory allocated by one allocator is freed by the other at the RocksDB teardown of a checkpoint',
    fixed: 'the bundled library dir comes first and the loaded allocator is verified at start; the checkpoint completes',
  },
  {
    id: 'bulkload-clear-race', title: 'ballot change clears bulk-load state under running downloads', roles: ['replica'],
    rootCause: 'pegasus-bulkload-clear-state-race',
    mechanism: 'the meta server bumps a partition ballot during a bulk load; the replica clears its bulk-load metadata while download_sst_file tasks still read it',
    fixed: 'download tasks are cancelled and awaited before the state is cleared',
  },
  {
    id: 'oom', title: 'memory grows until the runtime gives up', roles: ['datanode', 'master', 'replica'],
    rootCause: null,
    mechanism: 'the node allocates for real, in steps, until it crosses its memory limit and dies as its runtime does (Go: fatal error: runtime: out of memory; C++: tcmalloc large alloc, then abort)',
    fixed: 'the allocation is bounded and refused with an error; the node keeps serving',
  },
  {
    id: 'kill', title: 'SIGKILL the node', roles: ['datanode', 'master', 'meta', 'replica'], rootCause: null, external: true,
    mechanism: 'the node is sent SIGKILL (what the kernel OOM killer or an operator does); the supervisor records the signal and restarts it',
    fixed: 'nothing to fix: the supervisor restarts the node',
  },
]

export function findScenario(id: string): FaultScenario | undefined {
  return FAULT_SCENARIOS.find((s) => s.id === id)
}
