package datanode

import (
	"encoding/binary"
	"fmt"
	"os"
	"os/signal"
	"path"
	"sync"
	"syscall"
	"time"

	"storsim/util/log"
)

// ServeAfterDelete: a write packet queued on a connection is handled after
// the master deleted its partition (extentStore set to nil) -> nil deref.
func (s *DataNode) ServeAfterDelete() {
	ids := s.sortedIDs()
	for i := 0; i < 6; i++ {
		id := ids[i%len(ids)]
		s.handleRandomWritePacket(&Packet{ReqID: int64(88120 + i), PartitionID: id, ExtentID: uint64(1024 + i), ExtentOffset: int64(i) * 131072, Data: make([]byte, 65536)})
	}
	victim := ids[1]
	queued := make(chan *Packet, 4)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { // connection reader goroutine
		defer wg.Done()
		for p := range queued {
			s.handleRandomWritePacket(p)
		}
	}()
	queued <- &Packet{ReqID: 88131, PartitionID: ids[0], ExtentID: 1026, ExtentOffset: 393216, Data: make([]byte, 4096)}
	time.Sleep(5 * time.Millisecond)
	s.handleDeletePartition(victim)
	queued <- &Packet{ReqID: 88132, PartitionID: victim, ExtentID: 1027, ExtentOffset: 1048576, Data: make([]byte, 131072)}
	close(queued)
	wg.Wait()
}

// RaftWALOnFullDisk: the raft goroutines of the partitions persist entries
// to their WAL on a disk that fills up.
func (s *DataNode) RaftWALOnFullDisk(walRoot string) {
	var wg sync.WaitGroup
	for _, id := range s.sortedIDs() {
		dp := s.partitions[id]
		w, err := OpenWAL(path.Join(walRoot, fmt.Sprintf("raft/%d", id)), dp.applyID+1)
		if err != nil {
			log.LogErrorf("open wal: %v", err)
			os.Exit(1)
		}
		dp.wal = w
	}
	for _, id := range s.sortedIDs() {
		dp := s.partitions[id]
		wg.Add(1)
		go func() {
			defer wg.Done()
			dp.raftStoreLoop(1 << 20)
		}()
		time.Sleep(2 * time.Millisecond)
	}
	wg.Wait()
}

// applyRandomWrite records the crc of an applied write.
func (dp *DataPartition) applyRandomWrite(extentID uint64, crc uint32) {
	dp.extentCrc[extentID] = crc
	dp.applyID++
}

// reportExtentCrc refreshes the crc table for the heartbeat report.
func (dp *DataPartition) reportExtentCrc() {
	for id := uint64(1024); id < 1056; id++ {
		dp.extentCrc[id] = uint32(id) * 2654435761
	}
}

// ConcurrentCrcUpdate: raft apply and heartbeat write the same map.
func (s *DataNode) ConcurrentCrcUpdate() {
	dp := s.partitions[s.sortedIDs()[0]]
	log.LogInfof("action[startRaftApply] partition(%v) applyID(%v)", dp.partitionID, dp.applyID)
	go func() {
		for {
			dp.reportExtentCrc()
		}
	}()
	for i := uint64(0); ; i++ {
		dp.applyRandomWrite(1024+i%4096, uint32(i))
	}
}

// SnapshotReader serves a partition snapshot file through mmap.
type SnapshotReader struct {
	name string
	data []byte
}

func OpenSnapshot(name string) (*SnapshotReader, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, _ := f.Stat()
	data, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, err
	}
	return &SnapshotReader{name: name, data: data}, nil
}

func (r *SnapshotReader) ReadBlock(off int) uint32 {
	return binary.BigEndian.Uint32(r.data[off : off+4])
}

// MmapAfterRotate: the snapshot is rotated (truncated) while a follower is
// still streaming it from the mapping -> SIGBUS.
func (s *DataNode) MmapAfterRotate(dir string) {
	dp := s.partitions[s.sortedIDs()[0]]
	name := path.Join(dir, fmt.Sprintf("snapshot_%d_%d", dp.partitionID, dp.applyID))
	buf := make([]byte, 4<<20)
	for i := range buf {
		buf[i] = byte(i * 7)
	}
	if err := os.WriteFile(name, buf, 0644); err != nil {
		log.LogErrorf("write snapshot: %v", err)
		os.Exit(1)
	}
	r, err := OpenSnapshot(name)
	if err != nil {
		log.LogErrorf("open snapshot: %v", err)
		os.Exit(1)
	}
	log.LogInfof("action[sendSnapshot] partition(%v) send snapshot(%v) size(%v) to peer 192.168.31.23:17340", dp.partitionID, name, len(r.data))
	var sum uint32
	for off := 0; off < len(r.data); off += 4096 {
		if off == 1<<20 {
			log.LogInfof("action[rotateSnapshot] partition(%v) new snapshot applyID(%v), truncate old snapshot(%v)", dp.partitionID, dp.applyID+5120, name)
			os.Truncate(name, 0)
		}
		if off%(512<<10) == 0 {
			log.LogInfof("action[sendSnapshot] partition(%v) sent(%v) crc(%08x)", dp.partitionID, off, sum)
		}
		sum += r.ReadBlock(off)
	}
}

// LoadBulkExtent trusts a length read from a corrupted extent header.
func (dp *DataPartition) loadBulkExtent(extentID uint64, hdr []byte) []byte {
	size := binary.LittleEndian.Uint64(hdr)
	log.LogInfof("action[loadBulkExtent] partition(%v) extent(%v) header size(%v), loading into memory", dp.partitionID, extentID, size)
	buf := make([]byte, size)
	for i := 0; i < len(buf); i += 4096 {
		buf[i] = 1
	}
	return buf
}

func (s *DataNode) BulkLoadOOM() {
	dp := s.partitions[s.sortedIDs()[0]]
	hdr := make([]byte, 8)
	for i, sz := range []uint64{64 << 20, 128 << 20, 6 << 30} {
		binary.LittleEndian.PutUint64(hdr, sz)
		b := dp.loadBulkExtent(uint64(2048+i), hdr)
		log.LogInfof("action[loadBulkExtent] partition(%v) extent(%v) verified %v bytes", dp.partitionID, 2048+i, len(b))
	}
}

// Healthy: normal traffic, a recovered handler panic logged as one line,
// extents freed by GC, graceful shutdown on a real SIGTERM.
func (s *DataNode) Healthy(ops int) {
	sigC := make(chan os.Signal, 1)
	signal.Notify(sigC, syscall.SIGTERM)
	ids := s.sortedIDs()
	for i := 0; i < ops; i++ {
		id := ids[i%len(ids)]
		s.safeHandle(&Packet{ReqID: int64(5000 + i), PartitionID: id, ExtentID: uint64(1024 + i%8), ExtentOffset: int64(i) * 4096, Data: make([]byte, 4096)}, i == 7)
		if i%10 == 9 {
			log.LogInfof("action[updateSpace] disk(%v) total(7168.00GB) used(%d.52GB) available(%d.48GB) status(ReadWrite)", s.disk, 4011+i, 3156-i)
		}
		if i == 15 {
			log.LogWarnf("action[checkDisk] disk(%v) read latency 212ms > 200ms, error count 0, not marking bad", s.disk)
			log.LogInfof("action[extentGC] partition(%v) freed 12 extents, reclaimed 402653184 bytes", id)
		}
		if i == 22 {
			log.LogErrorf("action[repairExtent] partition(%v) extent(1029) fetch from peer 192.168.31.23:17310 failed: read tcp: i/o timeout, will retry", id)
		}
		time.Sleep(time.Millisecond)
	}
	log.LogInfof("action[Healthy] fatal-on-error=false panic-on-corruption=false, all %d partitions healthy", len(ids))
	syscall.Kill(os.Getpid(), syscall.SIGTERM) // stands in for systemctl stop
	sig := <-sigC
	log.LogInfof("action[Shutdown] signal %v (SIGTERM) received, shutting down gracefully", sig)
	for _, id := range ids {
		log.LogInfof("action[Stop] partition(%v) raft stopped, applyID(%v) persisted", id, s.partitions[id].applyID)
	}
	log.LogInfof("action[Shutdown] datanode stopped, bye")
}

func (s *DataNode) safeHandle(p *Packet, bad bool) {
	defer func() {
		if r := recover(); r != nil {
			log.LogWarnf("action[safeHandle] recovered from panic in handler: %v, packet %v, continuing", r, p)
		}
	}()
	if bad {
		var idx []int
		_ = idx[p.ExtentID%4]
	}
	s.handleRandomWritePacket(p)
}
