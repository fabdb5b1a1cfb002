// datanode: a CubeFS-datanode-like process with several ways to crash.
package main

import (
	"flag"
	"fmt"
	"os"

	"storsim/datanode"
)

func main() {
	mode := flag.String("mode", "healthy", "nilptr|walio|mapwrites|sigbus|oom|healthy")
	version := flag.String("version", "3.3.1", "version banner")
	nodeID := flag.Uint64("nodeID", 2, "node id")
	disk := flag.String("disk", "/cfs/disk3/datanode", "data disk")
	flag.Parse()
	dn := datanode.NewDataNode(*version, *nodeID, *disk)
	base := 1200 + *nodeID*100
	dn.Start([]uint64{base + 11, base + 17, base + 23, base + 42})
	switch *mode {
	case "nilptr":
		dn.ServeAfterDelete()
	case "walio":
		dn.RaftWALOnFullDisk(*disk)
	case "mapwrites":
		dn.ConcurrentCrcUpdate()
	case "sigbus":
		dn.MmapAfterRotate(*disk)
	case "oom":
		dn.BulkLoadOOM()
	case "healthy":
		dn.Healthy(40)
	default:
		fmt.Fprintln(os.Stderr, "unknown mode", *mode)
		os.Exit(2)
	}
}
