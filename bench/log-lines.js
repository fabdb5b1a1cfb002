// Healthy background lines of a storage cluster's aggregated log: CubeFS Go-log, Pegasus rDSN and glog.
// Everything is ASCII, so a string's length is its size in bytes.

/** mulberry32: a small seeded PRNG, so the same seed always writes the same file. */
export function makeRng(seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n) => Math.floor(next() * n)
  return {
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    pick: (list) => list[int(list.length)],
    /** `digits` lower-case hex digits, e.g. for addresses. */
    hex: (digits) => {
      let s = ''
      while (s.length < digits) s += int(0x1000000).toString(16).padStart(6, '0')
      return s.slice(0, digits)
    },
  }
}

const pad = (n, width) => String(n).padStart(width, '0')

/** Wall clock of the log in microseconds; date texts are cached per second because they dominate the cost. */
export class LogClock {
  constructor(startMs) {
    this.us = startMs * 1000
    this.cachedSecond = -1
  }

  advance(us) {
    this.us += us
  }

  get second() {
    return Math.floor(this.us / 1e6)
  }

  #dates() {
    if (this.second !== this.cachedSecond) {
      this.cachedSecond = this.second
      const iso = new Date(this.second * 1000).toISOString()
      this.dash = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`
      this.slash = this.dash.replaceAll('-', '/')
      this.monthDay = `${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 19)}`
    }
    return this
  }

  /** `2026/11/21 16:26:30.739618` */
  go() {
    return `${this.#dates().slash}.${pad(this.us % 1e6, 6)}`
  }

  /** `2026-11-21 16:26:30.529 (1795278390529123000 4242)` */
  rdsn(tid) {
    const micros = pad(this.us % 1e6, 6)
    return `${this.#dates().dash}.${micros.slice(0, 3)} (${this.second}${micros}000 ${tid})`
  }

  /** `1121 16:26:30.355070` (glog prints no year) */
  glog() {
    return `${this.#dates().monthDay}.${pad(this.us % 1e6, 6)}`
  }
}

/** One line per logging library, as each prints its header. */
export const goLine = (clock, origin, level, msg) => `${clock.go()} ${origin}: [${level}] ${msg}`
export const rdsnLine = (clock, node, {level, thread, origin}, msg) =>
  `${level}${clock.rdsn(node.tid)} ${thread}: ${origin}(): ${msg}`
export const glogLine = (clock, node, {level, origin}, msg) => `${level}${clock.glog()} ${String(node.tid).padStart(5)} ${origin}] ${msg}`

/** The processes whose lines the log interleaves; `prefix` is what the aggregator put before each line. */
export function createNodes() {
  const node = (name, prefix, [role, style], weight, pid) => ({name, prefix, role, style, weight, pid, tid: pid + 7, ip: `10.196.${pid % 200}.${pid % 97}`})
  return [
    node(null, '', ['datanode', 'go'], 40, 4242),
    node('datanode-1', 'datanode-1 | ', ['datanode', 'go'], 15, 5867),
    node('metanode-1', 'metanode-1 | ', ['metanode', 'go'], 10, 5873),
    node('replica-1', '[replica-1] ', ['replica', 'rdsn'], 15, 6120),
    node('replica-2', '[replica-2] ', ['replica', 'rdsn'], 10, 6131),
    node('meta-1', '[meta-1] ', ['meta', 'glog'], 10, 7012),
  ]
}

const gpid = (r, node) => `${r.range(2, 9)}.${r.int(64)}@${node.ip}:34801`

// [weight, (rng, clock, node) => line]; the rare weight-1 lines hold crash words but are healthy.
const GO_LINES = [
  [30, (r, c) => goLine(c, 'partition.go:226', 'INFO', `action[apply] partition(${r.int(9000)}) index(${r.int(9e6)}) term(${r.range(1, 40)})`)],
  [20, (r, c) => goLine(c, 'wal.go:412', 'INFO', `wal[${r.int(9000)}] append entries(${r.range(1, 64)}) size(${r.int(9e5)}) offset(${r.int(9e9)}) fsync(${r.int(12)}ms)`)],
  [15, (r, c) => goLine(c, 'raft_log.go:318', 'INFO', `raft[${r.int(9000)}] commit index advanced to ${r.int(9e6)}, lag 0`)],
  [10, (r, c) => goLine(c, 'data_partition_repair.go:388', 'INFO', `action[doStreamExtentFixRepair] partition(${r.int(9000)}) extent(${r.int(60000)}) repair offset(${r.int(1e9)}) size(${r.int(131072)})`)],
  [8, (r, c) => goLine(c, 'stream_read.go:147', 'WARN', `action[streamRead] partition(${r.int(9000)}) extent(${r.int(60000)}) read from follower 10.196.${r.int(200)}.${r.int(250)}:17310 slow: cost(${r.range(200, 3000)}ms)`)],
  [6, (r, c) => goLine(c, 'space_manager.go:521', 'INFO', `action[updateSpace] disk(/cfs/disk${r.int(12)}/datanode) total(7168.00GB) used(${r.int(7000)}.${r.int(99)}GB) status(ReadWrite)`)],
  [4, (r, c) => goLine(c, 'wrap_operator.go:96', 'ERROR', `action[OperatePacket] op(OpStreamRead) partition(${r.int(9000)}) extent(${r.int(60000)}) err(extent not exist) cost(${r.int(900)}us)`)],
  [6, (r, c) => goLine(c, 'heartbeat.go:74', 'DEBUG', `action[handleHeartbeat] master(10.196.0.${r.range(1, 3)}:17010) ok, partitions(${r.range(20, 90)})`)],
  [1, (r, c) => goLine(c, 'repair.go:248', 'INFO', `abort repair task of partition(${r.int(9000)}): peer replied NotLeader, will retry later`)],
]

const RDSN_LINES = [
  [30, (r, c, n) => {
    const ballot = r.range(1, 40)
    const decree = r.int(9e6)
    return rdsnLine(c, n, {level: 'D', thread: `replica.replica${r.int(8)}.0000`, origin: 'replica_2pc.cpp:213:on_prepare'}, `${gpid(r, n)}: mutation ballot = ${ballot}, decree = ${decree} on_prepare`)
  }],
  [15, (r, c, n) => rdsnLine(c, n, {level: 'I', thread: 'replica.default0.0000', origin: 'replica_stub.cpp:479:on_checkpoint'}, `${gpid(r, n)}: checkpoint done, last_durable_decree = ${r.int(9e6)}`)],
  [20, (r, c, n) => rdsnLine(c, n, {level: 'D', thread: 'replica.default1.0000', origin: 'mutation_log.cpp:688:append'}, `append ${r.range(1, 40)} mutations to shared log, pending_bytes = ${r.int(2e6)}`)],
  [8, (r, c, n) => rdsnLine(c, n, {level: 'W', thread: `replica.replica${r.int(8)}.0000`, origin: 'pegasus_server_impl.cpp:412:on_get'}, `slow get: app_id=${r.range(2, 9)}, pidx=${r.int(64)}, hash_key=user_${r.int(1e7)}, time_used=${r.range(100, 900)}ms`)],
  [6, (r, c, n) => rdsnLine(c, n, {level: 'I', thread: 'replica.default2.0000', origin: 'replica_learn.cpp:329:on_learn_reply'}, `${gpid(r, n)}: on_learn_reply done, learned_size = ${r.int(1e9)}, duration = ${r.int(5000)} ms`)],
  [3, (r, c, n) => rdsnLine(c, n, {level: 'E', thread: 'replica.default0.0000', origin: 'replica_failover.cpp:53:handle_remote_failure'}, `${gpid(r, n)}: handle remote failure caused by prepare, error = ERR_TIMEOUT`)],
  [1, (r, c, n) => rdsnLine(c, n, {level: 'I', thread: 'replica.default3.0000', origin: 'replica_bulk_loader.cpp:604:clear_bulk_load_states'}, `${gpid(r, n)}: abort bulk load download, status = BLS_CANCELED`)],
]

const GLOG_LINES = [
  [30, (r, c, n) => glogLine(c, n, {level: 'I', origin: 'meta_service.cpp:112'}, `config sync from 10.196.1.${r.int(250)}:34801, ${r.range(10, 90)} replicas, ${r.range(3, 30)} primaries`)],
  [20, (r, c, n) => glogLine(c, n, {level: 'I', origin: 'server_state.cpp:2104'}, `update configuration of gpid ${r.range(2, 9)}.${r.int(64)}, ballot ${r.range(1, 40)}, type CT_UPGRADE_TO_PRIMARY`)],
  [15, (r, c, n) => glogLine(c, n, {level: 'I', origin: 'db_impl_write.cc:1783'}, `[default] New memtable created with log file: #${r.int(99999)}. Immutable memtables: 0.`)],
  [10, (r, c, n) => glogLine(c, n, {level: 'I', origin: 'flush_job.cc:318'}, `[default] [JOB ${r.int(9999)}] Level-0 flush table #${r.int(99999)}: ${r.int(6e7)} bytes OK`)],
  [6, (r, c, n) => glogLine(c, n, {level: 'W', origin: 'meta_server_failure_detector.cpp:88'}, `replica 10.196.1.${r.int(250)}:34801 beacon delayed ${r.range(100, 4000)} ms`)],
]

/** Picks from a [weight, value] table with cumulative bounds computed once. */
function weighted(table) {
  const total = table.reduce((sum, [w]) => sum + w, 0)
  let acc = 0
  const bounds = table.map(([w, value]) => ({upto: (acc += w) / total, value}))
  return (rng) => {
    const x = rng.int(1e9) / 1e9
    return bounds.find((b) => x < b.upto).value
  }
}

const LINES_BY_STYLE = {go: weighted(GO_LINES), rdsn: weighted(RDSN_LINES), glog: weighted(GLOG_LINES)}

/** Returns a function writing one background line (with its node prefix) and advancing the clock. */
export function backgroundLines(rng, clock, nodes) {
  const pickNode = weighted(nodes.map((n) => [n.weight, n]))
  return () => {
    clock.advance(rng.int(40_000))
    const node = pickNode(rng)
    return node.prefix + LINES_BY_STYLE[node.style](rng)(rng, clock, node)
  }
}
