package master

import (
	"os"
	"os/signal"
	"syscall"
	"time"

	"storsim/raftstore"
	"storsim/util/log"
)

type Server struct {
	clusterName  string
	ip           string
	storeDir     string
	rocksDBStore *raftstore.RocksDBStore
	fsm          *MetadataFsm
	partition    *raftPartition
}

func NewServer() *Server { return &Server{} }

func (m *Server) Start(version, storeDir string, stopAfter time.Duration) {
	m.clusterName, m.ip, m.storeDir = "cfs_prod_bj3", "192.168.0.11", storeDir
	log.LogInfof("CubeFS Master")
	log.LogInfof("Version : %v", version)
	log.LogInfof("Branch  : release-3.3.0")
	log.LogInfof("Commit  : 7a1d6f3c2e9b")
	log.LogInfof("Build   : go1.19.8 linux amd64 2026-11-02 10:21:17")
	log.LogInfof("action[loadConfig] clusterName(%v) ip(%v) port(17010) walDir(/cfs/master/wal) storeDir(%v) peers(1:192.168.0.11:17010,2:192.168.0.12:17010,3:192.168.0.13:17010)", m.clusterName, m.ip, storeDir)
	var err error
	if m.rocksDBStore, err = raftstore.NewRocksDBStore(storeDir); err != nil {
		log.LogErrorf("open rocksdb: %v", err)
		os.Exit(1)
	}
	m.fsm = &MetadataFsm{store: m.rocksDBStore}
	m.partition = &raftPartition{id: 1, fsm: m.fsm, applyC: make(chan uint64, 64), stopC: make(chan struct{})}
	log.LogInfof("action[createRaftServer] raft server started, nodeID(1) heartbeatPort(17110) replicaPort(17210) retainLogs(20000) tickInterval(500ms) electionTick(6)")
	log.LogInfof("action[loadMetadata] load cluster value, vols(13) dataPartitions(997) metaPartitions(41) nodeSets(4)")
	m.partition.start()
	log.LogInfof("action[handleLeaderChange] change leader to [1:192.168.0.11:17010]")
	log.LogInfof("action[startHTTPService] master http service started on :17010")

	sigC := make(chan os.Signal, 1)
	signal.Notify(sigC, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		time.Sleep(stopAfter)
		syscall.Kill(os.Getpid(), syscall.SIGTERM) // stands in for the operator's "systemctl stop"
	}()
	tick := time.NewTicker(100 * time.Millisecond)
	for {
		select {
		case s := <-sigC:
			log.LogInfof("action[Shutdown] received signal %v, stopping master", s)
			m.Shutdown()
			return
		case <-tick.C:
			log.LogInfof("action[checkDataPartitions] cluster(%v) applied(%v) keys(%v)", m.clusterName, m.fsm.applied, m.rocksDBStore.Count())
		}
	}
}

// Shutdown closes the store before the raft partition is stopped (the bug).
func (m *Server) Shutdown() {
	log.LogInfof("action[Shutdown] stop http service")
	m.rocksDBStore.Close()
	log.LogInfof("action[Shutdown] stop raft partition(%v)", m.partition.id)
	m.partition.stop()
	log.LogInfof("action[Shutdown] master stopped")
}
