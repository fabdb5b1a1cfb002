// Go frames of the CubeFS master for the JS functions its crashes run through (see go-crash.ts).
import {RUNTIME_GOROUTINES, type Goroutine} from '../../node/go-log.js'
import {cfs, type FrameTable} from './go-crash.js'

const ROCKSDB = 'vendor/github.com/tecbot/gorocksdb'

/** The metadata write path, from the store's batch write (cgo) up to the raft apply loop. */
export const APPLY_FRAMES: FrameTable = {
  'MetadataStore.batchPut': [
    {func: `github.com/cubefs/cubefs/${ROCKSDB}._Cfunc_rocksdb_write`, file: '_cgo_gotypes.go', line: 4158, args: '0x7f14c8000b60, 0x7f14c8001e20, 0x7f14c8024a40, 0xc000119b48'},
    cfs(ROCKSDB, '(*DB).Write.func1', `${ROCKSDB}/db.go`, 555, '0xc000119b48?, 0x7f14c8024a40?, 0xc000119b40?'),
    cfs(ROCKSDB, '(*DB).Write', `${ROCKSDB}/db.go`, 555, '0xc0001c2020, 0xc000119bd8, 0xc000232210'),
    cfs('raftstore/raftstore_db', '(*RocksDBStore).BatchPut', 'raftstore/raftstore_db/store_rocksdb.go', 175, '0xc000012030, 0xc000119d28?, 0x1'),
  ],
  'MetadataFsm.apply': [cfs('master', '(*MetadataFsm).Apply', 'master/metadata_fsm.go', 148, '0xc000028360, {0xc000072c00, 0x54, 0x60}, 0x13b007')],
  'RaftNode.applyNext': [cfs('depends/tiglabs/raft', '(*raftFsm).applyEntry', 'depends/tiglabs/raft/raft_fsm.go', 402, '0xc000302000, 0xc0009f4000')],
  'RaftNode.applyTick': [cfs('depends/tiglabs/raft', '(*raft).runApply', 'depends/tiglabs/raft/raft.go', 211)],
  'RaftNode.drainApply': [cfs('depends/tiglabs/raft', '(*raft).runApply', 'depends/tiglabs/raft/raft.go', 211)],
}

/** The data-partition checker reading a volume (a nil partition map reads at offset 0x28). */
export const CHECKER_FRAMES: FrameTable = {
  'Vol.checkDataPartitions': [
    cfs('master', '(*DataPartitionMap).getDataPartitionsView', 'master/data_partition_map.go', 148, '0x0, 0x0'),
    cfs('master', '(*Vol).checkDataPartitions', 'master/vol.go', 611, '0xc00091e000, 0xc000210a80'),
  ],
  'MetadataFsm.checkDataPartitions': [cfs('master', '(*Cluster).checkDataPartitions', 'master/cluster.go', 566, '0xc000210a80')],
  'MasterServer.checkDataPartitions': [cfs('master', '(*Cluster).scheduleToCheckDataPartitions.func1', 'master/cluster.go', 419, '')],
}

export const CHECKER_CREATED_BY = cfs('master', '(*Cluster).scheduleToCheckDataPartitions', 'master/cluster.go', 414)
export const APPLY_CREATED_BY = cfs('depends/tiglabs/raft', 'newRaft', 'depends/tiglabs/raft/raft.go', 148)

export const MAIN_GOROUTINE: Goroutine = {id: 1, state: 'chan receive', frames: [
  cfs('cmd/common', '(*Server).Sync', 'cmd/common/server.go', 71, '...'),
  {func: 'main.main', file: '/root/go/src/github.com/cubefs/cubefs/cmd/cmd.go', line: 342, args: ''},
]}

/** The main goroutine inside Shutdown, waiting for the raft partition it is stopping. */
export const SHUTDOWN_GOROUTINE: Goroutine = {id: 1, state: 'semacquire', frames: [
  {func: 'sync.runtime_Semacquire', file: '/usr/local/go/src/runtime/sema.go', line: 62, args: '0xc00004fd70?'},
  {func: 'sync.(*WaitGroup).Wait', file: '/usr/local/go/src/sync/waitgroup.go', line: 139, args: '0xc0000720c0?'},
  cfs('raftstore', '(*partition).Stop', 'raftstore/partition.go', 118),
  cfs('master', '(*Server).stopRaftServer', 'master/server.go', 402),
  cfs('master', '(*Server).Shutdown', 'master/server.go', 371),
  cfs('cmd/common', '(*Server).Sync', 'cmd/common/server.go', 71, '...'),
  {func: 'main.main', file: '/root/go/src/github.com/cubefs/cubefs/cmd/cmd.go', line: 342, args: ''},
]}

/** The goroutine restoring a snapshot: loading partitions under ApplySnapshot. */
export const APPLY_SNAPSHOT_GOROUTINE: Goroutine = {id: 211, state: 'sleep', frames: [
  cfs('master', '(*Cluster).loadDataPartitions', 'master/cluster_load.go', 318, '0xc000210a80'),
  cfs('master', '(*Server).loadMetadata', 'master/master_manager.go', 127, '0xc0001c6000'),
  cfs('master', '(*MetadataFsm).ApplySnapshot', 'master/metadata_fsm.go', 282, '0xc0002ce0c0, {0xc00073c0c0, 0x3, 0x4}, {0x2a4f1c8, 0xc000d1e2a0}'),
  cfs('depends/tiglabs/raft', '(*raft).applySnapshot', 'depends/tiglabs/raft/raft_snapshot.go', 104, '0xc000302000, 0xc0009f4000'),
], createdBy: cfs('depends/tiglabs/raft', '(*raft).handleSnapshot', 'depends/tiglabs/raft/raft_snapshot.go', 79)}

export const HTTP_GOROUTINE: Goroutine = {id: 187, state: 'IO wait', frames: [
  {func: 'internal/poll.runtime_pollWait', file: '/usr/local/go/src/runtime/netpoll.go', line: 306, args: '0x7f3c1d2e8d08, 0x72'},
  {func: 'net.(*netFD).accept', file: '/usr/local/go/src/net/fd_unix.go', line: 172, args: '0xc000290300'},
  {func: 'net/http.(*Server).Serve', file: '/usr/local/go/src/net/http/server.go', line: 3059, args: '0xc0002ea000, {0x2a51e90, 0xc000012f30}'},
], createdBy: cfs('master', '(*Server).startHTTPService', 'master/http_server.go', 66)}

export {RUNTIME_GOROUTINES}
