package master

import (
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"storsim/util/log"
)

// raftPartition delivers committed entries to the state machine.
type raftPartition struct {
	id      uint64
	fsm     *MetadataFsm
	applyC  chan uint64
	stopC   chan struct{}
	wg      sync.WaitGroup
	started chan struct{}
}

func (rp *raftPartition) start() {
	rp.wg.Add(2)
	go rp.proposeLoop()
	go rp.applyLoop()
}

// proposeLoop stands in for the leader committing client requests.
func (rp *raftPartition) proposeLoop() {
	defer rp.wg.Done()
	var idx uint64 = 1289931
	for {
		select {
		case <-rp.stopC:
			// entries committed by the last heartbeat are still handed to the
			// state machine before the apply loop exits
			log.LogInfof("raft partition(%d) stopping, commit(%d) applied(%d), apply remaining committed entries", rp.id, idx+4, idx)
			for i := 1; i <= 4; i++ {
				rp.applyC <- idx + uint64(i)
			}
			close(rp.applyC)
			return
		default:
		}
		idx++
		rp.applyC <- idx
		time.Sleep(200 * time.Microsecond)
	}
}

func (rp *raftPartition) applyLoop() {
	defer rp.wg.Done()
	for idx := range rp.applyC {
		var data []byte
		if idx%7 == 0 {
			data, _ = json.Marshal(&RaftCmd{Op: opSyncUpdateVol, K: fmt.Sprintf("#vol#ltptest%d", idx%13), V: []byte(`{"capacity":10240,"dpReplicaNum":3}`)})
		} else {
			data, _ = json.Marshal(&RaftCmd{Op: opSyncAddDataPartition, K: fmt.Sprintf("#dp#%d#%d", idx%13, 40000+idx%997), V: []byte(`{"hosts":["192.168.0.11:17310","192.168.0.12:17310","192.168.0.13:17310"]}`)})
		}
		if _, err := rp.fsm.Apply(data, idx); err != nil {
			log.LogErrorf("raft partition(%d) apply index(%d) failed: %v", rp.id, idx, err)
		}
	}
}

func (rp *raftPartition) stop() {
	close(rp.stopC)
	rp.wg.Wait()
}
