package datanode

import (
	"fmt"
	"sync"

	"storsim/util/log"
)

type ExtentInfo struct {
	ID     uint64
	Size   int64
	Crc    uint32
	Offset int64
}

// ExtentStore holds the extents of one data partition.
type ExtentStore struct {
	dataPath string
	extents  map[uint64]*ExtentInfo
	closed   bool
	lock     sync.RWMutex
}

func NewExtentStore(path string, n int) *ExtentStore {
	es := &ExtentStore{dataPath: path, extents: make(map[uint64]*ExtentInfo)}
	for i := 0; i < n; i++ {
		es.extents[uint64(1024+i)] = &ExtentInfo{ID: uint64(1024 + i), Size: int64(4096 * (i + 1))}
	}
	return es
}

func (es *ExtentStore) Write(extentID uint64, offset int64, data []byte, crc uint32) error {
	if es.closed {
		return fmt.Errorf("extent store %v closed", es.dataPath)
	}
	es.lock.Lock()
	defer es.lock.Unlock()
	ei, ok := es.extents[extentID]
	if !ok {
		return fmt.Errorf("extent(%v) not exist", extentID)
	}
	ei.Size = offset + int64(len(data))
	ei.Crc = crc
	return nil
}

// DataPartition is one replicated data partition on this node.
type DataPartition struct {
	partitionID uint64
	volumeID    string
	path        string
	extentStore *ExtentStore
	applyID     uint64
	extentCrc   map[uint64]uint32 // updated by apply and by the stats reporter
	wal         *WAL
}

func NewDataPartition(id uint64, vol, disk string) *DataPartition {
	path := fmt.Sprintf("%s/datapartition_%d_128849018880", disk, id)
	return &DataPartition{
		partitionID: id, volumeID: vol, path: path,
		extentStore: NewExtentStore(path, 8),
		applyID:     4190000 + id*7,
		extentCrc:   make(map[uint64]uint32),
	}
}

// Stop releases the extent store (partition deleted by the master).
func (dp *DataPartition) Stop() {
	dp.extentStore = nil
	log.LogInfof("action[Stop] partition(%v) extent store closed, path(%v)", dp.partitionID, dp.path)
}

// RandomWrite applies an overwrite packet to the partition's extent store.
func (dp *DataPartition) RandomWrite(p *Packet) error {
	crc := crc32Of(p.Data)
	return dp.extentStore.Write(p.ExtentID, p.ExtentOffset, p.Data, crc)
}

func crc32Of(b []byte) uint32 {
	var c uint32 = 0xffffffff
	for _, x := range b {
		c = (c >> 3) ^ uint32(x)*0x9e3779b1
	}
	return c
}

type Packet struct {
	ReqID        int64
	PartitionID  uint64
	ExtentID     uint64
	ExtentOffset int64
	Data         []byte
}

func (p *Packet) String() string {
	return fmt.Sprintf("Req(%v)_Partition(%v)_Extent(%v)_ExtentOffset(%v)_Size(%v)_Opcode(OpRandomWrite)", p.ReqID, p.PartitionID, p.ExtentID, p.ExtentOffset, len(p.Data))
}
