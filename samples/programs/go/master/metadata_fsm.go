package master

import (
	"encoding/json"
	"fmt"

	"storsim/raftstore"
	"storsim/util/log"
)

const (
	opSyncAddDataPartition uint32 = 0x04
	opSyncUpdateVol        uint32 = 0x09
)

type RaftCmd struct {
	Op uint32 `json:"op"`
	K  string `json:"k"`
	V  []byte `json:"v"`
}

// MetadataFsm is the master's raft state machine.
type MetadataFsm struct {
	store   *raftstore.RocksDBStore
	applied uint64
}

func (mf *MetadataFsm) Apply(command []byte, index uint64) (resp interface{}, err error) {
	cmd := new(RaftCmd)
	if err = json.Unmarshal(command, cmd); err != nil {
		return nil, fmt.Errorf("action[fsmApply],unmarshal data:%v, err:%v", command, err)
	}
	cmdMap := map[string][]byte{
		cmd.K:            cmd.V,
		"#applied_index": []byte(fmt.Sprintf("%d", index)),
	}
	if err = mf.store.BatchPut(cmdMap, true); err != nil {
		panic(err)
	}
	mf.applied = index
	if index%50 == 0 {
		log.LogDebugf("action[fsmApply] op(%d) key(%v) applied(%v)", cmd.Op, cmd.K, index)
	}
	return
}
