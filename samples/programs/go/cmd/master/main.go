// master: a CubeFS-master-like process whose shutdown closes the cgo kv store
// while the raft apply goroutine still writes to it.
package main

import (
	"flag"
	"time"

	"storsim/master"
)

func main() {
	storeDir := flag.String("storeDir", "/cfs/master/store", "rocksdb dir")
	version := flag.String("version", "3.3.0", "version")
	stopAfter := flag.Duration("stopAfter", 350*time.Millisecond, "send SIGTERM to self after")
	flag.Parse()
	master.NewServer().Start(*version, *storeDir, *stopAfter)
}
