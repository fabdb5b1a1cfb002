// Crash text written for the tests (not a third-party log), shared by unit and e2e tests.

/** A CubeFS-style datanode nil-pointer panic after one INFO line, one array entry per line. */
export const GO_PANIC_LINES: readonly string[] = [
  '2026/11/21 16:26:30.739618 partition.go:226: [INFO] action[apply] partition(7) index(12)',
  'panic: runtime error: invalid memory address or nil pointer dereference',
  '[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a5b6c]',
  '',
  'goroutine 42 [running]:',
  'github.com/cubefs/cubefs/datanode.(*DataPartition).Apply(0x0, 0xc000123400)',
  '\t/go/src/github.com/cubefs/cubefs/datanode/partition.go:310 +0x1c',
  'github.com/cubefs/cubefs/datanode.(*raftApplier).loop(0xc0001a2000)',
  '\t/go/src/github.com/cubefs/cubefs/datanode/apply.go:88 +0x9d',
  'created by github.com/cubefs/cubefs/datanode.start in goroutine 1',
  '\t/go/src/github.com/cubefs/cubefs/datanode/server.go:40 +0x55',
  '',
]
