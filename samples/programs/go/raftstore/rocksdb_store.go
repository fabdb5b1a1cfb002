package raftstore

import (
	"storsim/kvstore"
	"storsim/util/log"
)

// RocksDBStore is the master's metadata store (raftstore_db-like wrapper).
type RocksDBStore struct {
	dir string
	db  *kvstore.DB
}

func NewRocksDBStore(dir string) (*RocksDBStore, error) {
	db, err := kvstore.OpenDb(dir, 4<<20)
	if err != nil {
		return nil, err
	}
	log.LogInfof("action[NewRocksDBStore] open rocksdb dir(%v) lruCache(268435456) writeBuffer(67108864)", dir)
	return &RocksDBStore{dir: dir, db: db}, nil
}

func (rs *RocksDBStore) BatchPut(cmdMap map[string][]byte, sync bool) error {
	wb := &kvstore.WriteBatch{}
	for k, v := range cmdMap {
		wb.Put([]byte(k), v)
	}
	return rs.db.Write(wb)
}

func (rs *RocksDBStore) Count() uint64 { return rs.db.Count() }

func (rs *RocksDBStore) Close() {
	rs.db.Close()
	log.LogInfof("action[Close] rocksdb store dir(%v) closed", rs.dir)
}
