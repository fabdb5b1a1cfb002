package datanode

import (
	"fmt"

	"storsim/util/log"
)

// persistRaftLog is the raft storage path of a data partition: an error here
// is treated as fatal for the whole process (the 3.4.0 behaviour).
func (dp *DataPartition) persistRaftLog(term, index uint64, data []byte) {
	if err := dp.wal.Append(term, index, data); err != nil {
		log.LogErrorf("action[persistRaftLog] partition(%v) term(%v) index(%v) write wal failed: %v", dp.partitionID, term, index, err)
		panic(fmt.Errorf("partition(%v) raft wal write index(%v): %w", dp.partitionID, index, err))
	}
}

func (dp *DataPartition) raftStoreLoop(n int) {
	term := uint64(23)
	for i := 0; i < n; i++ {
		idx := dp.applyID + uint64(i) + 1
		data := make([]byte, 4096)
		for j := range data {
			data[j] = byte(idx + uint64(j))
		}
		dp.persistRaftLog(term, idx, data)
		if i%16 == 15 {
			log.LogInfof("action[raftStore] partition(%v) persisted index(%v) walBytes(%v)", dp.partitionID, idx, dp.wal.written)
		}
	}
}
