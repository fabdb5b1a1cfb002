package datanode

import (
	"fmt"
	"os"
	"sort"

	"storsim/util/log"
)

type DataNode struct {
	version    string
	nodeID     uint64
	localAddr  string
	disk       string
	partitions map[uint64]*DataPartition
}

func NewDataNode(version string, nodeID uint64, disk string) *DataNode {
	return &DataNode{version: version, nodeID: nodeID, disk: disk,
		localAddr:  fmt.Sprintf("192.168.31.%d:17310", 20+nodeID),
		partitions: make(map[uint64]*DataPartition)}
}

func (s *DataNode) Start(partitionIDs []uint64) {
	log.LogInfof("CubeFS DataNode")
	log.LogInfof("Version : %v", s.version)
	log.LogInfof("Branch  : release-%v", s.version)
	log.LogInfof("Commit  : 52c1f7e0a4d9")
	log.LogInfof("Build   : go1.19.8 linux amd64 2026-11-02 10:21:17")
	log.LogInfof("action[Start] datanode pid(%v) nodeID(%v) localAddr(%v) masterAddr(192.168.0.11:17010,192.168.0.12:17010,192.168.0.13:17010)", os.Getpid(), s.nodeID, s.localAddr)
	log.LogInfof("action[initSpaceManager] disk(%v) total(7168.00GB) used(4011.52GB) available(3156.48GB) reservedSpace(10.00GB) status(ReadWrite)", s.disk)
	for _, id := range partitionIDs {
		dp := NewDataPartition(id, "ltptest", s.disk)
		s.partitions[id] = dp
		log.LogInfof("action[loadPartition] partition(%v) vol(%v) path(%v) extents(%v) applyID(%v) loaded", id, dp.volumeID, dp.path, len(dp.extentStore.extents), dp.applyID)
	}
	log.LogInfof("action[startRaftServer] raft server started, heartbeatPort(17330) replicaPort(17340) walDir(%v/raft) retainLogs(20000)", s.disk)
	log.LogInfof("action[registerToMaster] register nodeID(%v) to master 192.168.0.11:17010 ok", s.nodeID)
	log.LogInfof("action[startTCPService] datanode listen on %v", s.localAddr)
}

func (s *DataNode) sortedIDs() []uint64 {
	ids := make([]uint64, 0, len(s.partitions))
	for id := range s.partitions {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// handleRandomWritePacket is the TCP handler for OpRandomWrite.
func (s *DataNode) handleRandomWritePacket(p *Packet) {
	dp := s.partitions[p.PartitionID]
	if err := dp.RandomWrite(p); err != nil {
		log.LogErrorf("action[handleRandomWritePacket] %v err(%v)", p, err)
		return
	}
	log.LogDebugf("action[handleRandomWritePacket] %v ok", p)
}

// handleDeletePartition is the admin task from the master.
func (s *DataNode) handleDeletePartition(id uint64) {
	log.LogInfof("action[handleDeletePartition] master task: delete partition(%v)", id)
	s.partitions[id].Stop()
}
