package datanode

import (
	"encoding/binary"
	"fmt"
	"os"
	"path"

	"storsim/util/log"
)

// WAL is a data partition's raft write-ahead log.
type WAL struct {
	dir     string
	seq     uint64
	f       *os.File
	written int64
	lastIdx uint64
}

func OpenWAL(dir string, firstIndex uint64) (*WAL, error) {
	if err := os.MkdirAll(dir, 0755); err != nil {
		return nil, err
	}
	w := &WAL{dir: dir, seq: 1, lastIdx: firstIndex}
	name := path.Join(dir, fmt.Sprintf("%016x-%016x.log", w.seq, firstIndex))
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR|os.O_APPEND, 0644)
	if err != nil {
		return nil, err
	}
	w.f = f
	log.LogInfof("action[OpenWAL] wal dir(%v) open log file(%v)", dir, name)
	return w, nil
}

// Append writes one raft entry (header + payload) and syncs it.
func (w *WAL) Append(term, index uint64, data []byte) error {
	buf := make([]byte, 24+len(data))
	binary.BigEndian.PutUint64(buf[0:], term)
	binary.BigEndian.PutUint64(buf[8:], index)
	binary.BigEndian.PutUint64(buf[16:], uint64(len(data)))
	copy(buf[24:], data)
	if _, err := w.f.Write(buf); err != nil {
		return err
	}
	if err := w.f.Sync(); err != nil {
		return err
	}
	w.written += int64(len(buf))
	w.lastIdx = index
	return nil
}
