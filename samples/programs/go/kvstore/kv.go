// Package kvstore wraps the C kv store through cgo (gorocksdb-like API).
package kvstore

/*
#include <stdlib.h>
#include "kv.h"
*/
import "C"

import (
	"errors"
	"unsafe"
)

type DB struct {
	c *C.kv_db
}

type WriteBatch struct {
	keys, vals [][]byte
}

func (b *WriteBatch) Put(k, v []byte) { b.keys = append(b.keys, k); b.vals = append(b.vals, v) }

func OpenDb(path string, arena int) (*DB, error) {
	cs := C.CString(path)
	defer C.free(unsafe.Pointer(cs))
	c := C.kv_open(cs, C.size_t(arena))
	if c == nil {
		return nil, errors.New("kv_open failed")
	}
	return &DB{c: c}, nil
}

func (db *DB) Write(wb *WriteBatch) error {
	for i := range wb.keys {
		k, v := wb.keys[i], wb.vals[i]
		C.kv_write(db.c, (*C.char)(unsafe.Pointer(&k[0])), C.size_t(len(k)),
			(*C.char)(unsafe.Pointer(&v[0])), C.size_t(len(v)))
	}
	return nil
}

func (db *DB) Count() uint64 { return uint64(C.kv_count(db.c)) }

// Close frees the native handle. The Go wrapper keeps the dangling pointer.
func (db *DB) Close() { C.kv_close(db.c) }
