// Crash traces buried in the synthetic log, as Go, glog, tcmalloc and gdb print them.
// Each renders the lines of one incident (without node prefix) for a node of one of its `roles`.
import {glogLine, goLine, rdsnLine} from './log-lines.js'

const goArg = (r) => `0xc00${r.hex(6)}0`
const goOffset = (r) => `+0x${r.range(0x20, 0xfff).toString(16)}`
const threadId = (r) => `0x7f${r.hex(7)}700`
/** Code addresses within one process: a shared-library base and an executable base, each fixed per trace. */
function addressSpace(r) {
  const lib = `0x7f${r.hex(5)}`
  const bin = `0x55${r.hex(5)}`
  return {lib: () => lib + r.hex(5), bin: () => bin + r.hex(5)}
}
const glogFrame = (address, fn) => `    @     ${address} ${fn}`
const gdbFrame = (i, address, call) => `#${i}  0x0000${address.slice(2)} in ${call}`

/** The lines a Go goroutine frame prints: call, then tab + file:line +pc offset. */
const goFrames = (r, frames) => frames.flatMap(([call, file]) => [call.replaceAll('ARG', () => goArg(r)), `\t${file} ${goOffset(r)}`])

function goPanic({rng: r, clock}) {
  const nilDeref = r.int(2) === 0
  const partition = r.int(9000)
  return [
    goLine(clock, 'wal.go:530', 'ERROR', `action[ApplyRandomWrite] partition(${partition}) write wal failed: input/output error`),
    nilDeref ? 'panic: runtime error: invalid memory address or nil pointer dereference' : `panic: runtime error: index out of range [${partition % 7 + 1}] with length ${partition % 7 + 1}`,
    ...(nilDeref ? [`[signal SIGSEGV: segmentation violation code=0x1 addr=0x28 pc=0x${r.hex(7)}]`] : []),
    '',
    `goroutine ${r.range(200, 90000)} [running]:`,
    ...goFrames(r, [
      ['github.com/cubefs/cubefs/datanode.(*DataPartition).ApplyRandomWrite(ARG, {ARG, 0x1a, 0x20}, 0x7b)', '/root/cubefs/datanode/partition_op_by_raft.go:198'],
      ['github.com/cubefs/cubefs/datanode.(*DataPartition).Apply(ARG, {0x1d2e2a0, ARG}, 0x7b)', '/root/cubefs/datanode/partition_raft.go:312'],
      ['github.com/cubefs/cubefs/depends/tiglabs/raft.(*raftFsm).applyCommitted(ARG)', '/root/cubefs/depends/tiglabs/raft/raft_fsm.go:520'],
      ['github.com/cubefs/cubefs/depends/tiglabs/raft.(*raft).apply(ARG)', '/root/cubefs/depends/tiglabs/raft/raft.go:432'],
    ]),
    `created by github.com/cubefs/cubefs/depends/tiglabs/raft.(*raft).runApply in goroutine ${r.range(20, 200)}`,
    `\t/root/cubefs/depends/tiglabs/raft/raft.go:210 ${goOffset(r)}`,
    '',
    'goroutine 1 [chan receive, 1021 minutes]:',
    'main.main()',
    `\t/root/cubefs/cmd/cmd.go:251 ${goOffset(r)}`,
  ]
}

function goCgoSigsegv({rng: r, clock}) {
  const pc = addressSpace(r).lib()
  const registers = ['rax', 'rbx', 'rcx', 'rdx', 'rdi', 'rsi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15']
  return [
    goLine(clock, 'partition_fsm.go:143', 'WARN', `action[Apply] partition(${r.int(9000)}) stopping: metadata store closed while applying index(${r.int(9e6)})`),
    'SIGSEGV: segmentation violation',
    `PC=${pc} m=${r.range(3, 40)} sigcode=1 addr=0x18`,
    'signal arrived during cgo execution',
    '',
    `goroutine ${r.range(200, 90000)} [syscall]:`,
    `runtime.cgocall(0x1e4c2a0, ${goArg(r)})`,
    `\t/usr/local/go/src/runtime/cgocall.go:157 +0x4b fp=${goArg(r)} sp=${goArg(r)} pc=0x40a6cb`,
    ...goFrames(r, [
      ['github.com/tecbot/gorocksdb._Cfunc_rocksdb_write(0x7f8a28004e20, 0x7f8a28013a80, 0x7f8a2800f1c0, ARG)', '_cgo_gotypes.go:4168'],
      ['github.com/tecbot/gorocksdb.(*DB).Write(ARG, ARG, ARG)', '/go/pkg/mod/github.com/tecbot/gorocksdb@v0.0.0-20191217155057-f0fad39f321c/db.go:399'],
      ['github.com/cubefs/cubefs/metanode.(*RocksDbManager).CommitBatch(ARG, {0x2a1f6c0, ARG})', '/root/cubefs/metanode/rocksdb_manager.go:274'],
      ['github.com/cubefs/cubefs/metanode.(*metaPartition).Apply(ARG, {ARG, 0x41, 0x41}, 0x5c3a1)', '/root/cubefs/metanode/partition_fsm.go:160'],
    ]),
    `created by github.com/cubefs/cubefs/depends/tiglabs/raft.(*raft).runApply in goroutine ${r.range(20, 200)}`,
    `\t/root/cubefs/depends/tiglabs/raft/raft.go:210 ${goOffset(r)}`,
    '',
    ...registers.map((reg) => `${reg.padEnd(6)} 0x${r.hex(r.range(1, 12))}`),
    `rip    ${pc}`,
    'rflags 0x10246',
    'cs     0x33',
  ]
}

/** gperftools' message, then glog's failure-signal dump of the abort it causes. */
function tcmallocInvalidFree({rng: r, clock, node}) {
  const code = addressSpace(r)
  const ownCode = /^(?:rocksdb|pegasus|dsn)::/
  return [
    rdsnLine(clock, node, {level: 'I', thread: 'replica.default0.0000', origin: 'replica_stub.cpp:479:on_checkpoint'}, `3.${r.int(64)}@${node.ip}:34801: checkpoint done, last_durable_decree = ${r.int(9e6)}`),
    `src/tcmalloc.cc:332] Attempt to free invalid pointer 0x5${r.hex(11)}`,
    `*** Aborted at ${clock.second} (unix time) try "date -d @${clock.second}" if you are using GNU date ***`,
    `PC: @     ${code.lib()} __GI_raise`,
    `*** SIGABRT (@0x3e8${node.pid.toString(16).padStart(8, '0')}) received by PID ${node.pid} (TID ${threadId(r)}) from PID ${node.pid}; stack trace: ***`,
    ...[
      '(unknown)', '__GI_raise', '__GI_abort', 'tcmalloc::Log()', '(anonymous namespace)::InvalidFree()', 'tc_free',
      'rocksdb::ColumnFamilyData::~ColumnFamilyData()', 'rocksdb::ColumnFamilySet::~ColumnFamilySet()', 'rocksdb::VersionSet::~VersionSet()',
      'rocksdb::DBImpl::CloseHelper()', 'pegasus::server::pegasus_server_impl::stop()', 'dsn::replication::replica::close()',
      'dsn::task::exec_internal()', 'dsn::task_worker::loop()', 'start_thread', 'clone',
    ].map((fn) => glogFrame(ownCode.test(fn) ? code.bin() : code.lib(), fn)),
  ]
}

/** A warning, not a death: tcmalloc reports an absurd allocation and the process lives on. */
function tcmallocLargeAlloc({rng: r, clock, node}) {
  const lead = node.style === 'glog'
    ? glogLine(clock, node, {level: 'W', origin: 'meta_service.cpp:407'}, `bulk load ingestion of app ${r.range(2, 9)}: metadata file list is empty`)
    : rdsnLine(clock, node, {level: 'W', thread: 'replica.default3.0000', origin: 'replica_bulk_loader.cpp:479:download_sst_file'}, `3.${r.int(64)}@${node.ip}:34801: download sst file, file index = ${r.int(40)}`)
  const code = addressSpace(r)
  const stack = Array.from({length: 8}, (_, i) => (i < 2 || i > 5 ? code.lib() : code.bin())).join(' ')
  return [lead, `tcmalloc: large alloc ${r.range(2, 40) * 1280458752} bytes == 0x7f${r.hex(6)}0000 @  ${stack}`]
}

/** A replica killed by SIGSEGV, then the core-collection script's gdb session on its core. */
function gdbBacktrace({rng: r, node}) {
  const code = addressSpace(r)
  const heap = () => `0x55${r.hex(7)}0`
  const command = './pegasus_server config.ini -app_list replica'
  const src = '/home/work/pegasus/src'
  const top = `dsn::utils::filesystem::get_normalized_path (path="", npath="") at ${src}/utils/filesystem.cpp:112`
  const topAddress = code.bin()
  const calls = [
    `dsn::utils::filesystem::path_combine (path1="/home/work/ssd2/pegasus/replica/reps/3.${r.int(64)}.pegasus/bulk_load", path2="") at ${src}/utils/filesystem.cpp:560`,
    `dsn::replication::replica_bulk_loader::download_sst_file (this=${heap()}, remote_dir=..., local_dir=..., file_index=${r.int(40)}, fs=${heap()}) at ${src}/replica/bulk_load/replica_bulk_loader.cpp:479`,
    `dsn::task::exec_internal (this=${heap()}) at ${src}/runtime/task/task.cpp:176`,
    `dsn::task_worker::loop (this=${heap()}) at ${src}/runtime/task/task_worker.cpp:224`,
    'start_thread (arg=<optimized out>) at ./nptl/pthread_create.c:442',
    'clone3 () at ../sysdeps/unix/sysv/linux/x86_64/clone3.S:81',
  ]
  return [
    `./start.sh: line 4: ${String(node.pid).padStart(6)} Segmentation fault      (core dumped) ${command}`,
    `[New LWP ${node.pid + 1}]`,
    `[New LWP ${node.pid}]`,
    '[Thread debugging using libthread_db enabled]',
    'Using host libthread_db library "/lib/x86_64-linux-gnu/libthread_db.so.1".',
    `Core was generated by \`${command}'.`,
    'Program terminated with signal SIGSEGV, Segmentation fault.',
    gdbFrame(0, topAddress, top),
    `112\t${src}/utils/filesystem.cpp: No such file or directory.`,
    `[Current thread is 1 (Thread ${threadId(r)} (LWP ${node.pid + 1}))]`,
    gdbFrame(0, topAddress, top),
    ...calls.map((call, i) => gdbFrame(i + 1, i < 4 ? code.bin() : code.lib(), call)),
  ]
}

/** `incidents`: what the report must count for one rendering; `kind`: the primary kind it must name. */
export const CRASH_TRACES = [
  {id: 'go-panic', roles: ['datanode'], kind: 'panic', terminal: true, incidents: 1, render: goPanic},
  {id: 'go-cgo-sigsegv', roles: ['metanode'], kind: 'sigsegv', terminal: true, incidents: 1, render: goCgoSigsegv},
  {id: 'tcmalloc-invalid-free', roles: ['replica'], kind: 'invalid-free', terminal: true, incidents: 1, render: tcmallocInvalidFree},
  {id: 'tcmalloc-large-alloc', roles: ['replica', 'meta'], kind: 'large-alloc', terminal: false, incidents: 1, render: tcmallocLargeAlloc},
  {id: 'gdb-backtrace', roles: ['replica'], kind: 'sigsegv', terminal: true, incidents: 1, render: gdbBacktrace},
]

/** What a node prints when its supervisor restarts it after a crash. */
export function restartLines({rng: r, clock, node}) {
  if (node.style === 'go') {
    return [
      goLine(clock, 'server.go:226', 'INFO', 'flags: --fatal-on-error=false --panic-on-corruption=false --wal-segment-size=64MB'),
      goLine(clock, 'activity.go:41', 'INFO', `${node.role} version 3.4.0 (commit ${r.hex(7)}) starting, pid ${node.pid}`),
    ]
  }
  if (node.style === 'rdsn') {
    return [rdsnLine(clock, node, {level: 'I', thread: 'main', origin: 'pegasus_server.cpp:88:main'}, `pegasus server 2.5.0 starting, pid(${node.pid})`)]
  }
  return [glogLine(clock, node, {level: 'I', origin: 'meta_service.cpp:61'}, `meta server 2.5.0 starting, pid ${node.pid}`)]
}
