// Which system and component a crash comes from, inferred from what it shows: Go package paths,
// C++ namespaces, source file names, version banners. Data, one row a marker.
import type {Incident} from '../model.js'

interface Marker {
  system: string
  /** A library many systems embed (RocksDB): it names no application, so it never rules one out. */
  library?: true
  component?: string
  /** Matched against frame functions, files and modules. */
  frames?: RegExp
  /** Matched against the crash's lines and the lines around it (banners, origins). */
  text?: RegExp
}

export const SYSTEM_MARKERS: readonly Marker[] = [
  {system: 'cubefs', frames: /github\.com\/(?:cubefs|chubaofs)\/|\/cubefs\/|\/chubaofs\//i, text: /\b(?:cubefs|chubaofs|cfs-server)\b/i},
  {system: 'cubefs', component: 'master', frames: /(?:cubefs|chubaofs)\/(?:cubefs\/)?master\.|\/master\/\w+\.go|\bmaster\.\(\*(?:Cluster|Server|MetadataFsm)\)/i, text: /\bmaster (?:version|service)\b|\bmaster\.(?:go|log)\b/i},
  {system: 'cubefs', component: 'datanode', frames: /(?:cubefs|chubaofs)\/(?:cubefs\/)?datanode\.|\/datanode\/\w+\.go/i, text: /\bdatanode version\b|\bdatanode\.(?:go|log)\b/i},
  {system: 'cubefs', component: 'metanode', frames: /(?:cubefs|chubaofs)\/(?:cubefs\/)?metanode\.|\/metanode\/\w+\.go/i, text: /\bmetanode version\b/i},
  {system: 'cubefs', component: 'client', frames: /(?:cubefs|chubaofs)\/(?:cubefs\/)?(?:client|sdk)\//i},
  {system: 'cubefs', component: 'blobnode', frames: /blobstore\/blobnode|\/blobnode\//i},
  {system: 'pegasus', frames: /^(?:dsn|pegasus)::|\brdsn\b|replica_bulk_loader|replica_stub|pegasus_server/, text: /\bpegasus\b|\brdsn\b|replica_stub\.cpp|replica_bulk_loader\.cpp/i},
  {system: 'pegasus', component: 'replica', frames: /dsn::replication::replica|replica_stub|replica_bulk_loader|pegasus_server_impl/, text: /replica_(?:stub|bulk_loader|server)|replica\.default|\breplica server\b/i},
  {system: 'pegasus', component: 'meta', frames: /dsn::replication::meta_|meta_service|server_state/, text: /meta_server|meta_service\.cpp/i},
  {system: 'rocksdb', library: true, frames: /^rocksdb::|gorocksdb|_Cfunc_rocksdb_|librocksdb|\brocksdb_\w+$/i},
  {system: 'ceph', frames: /^(?:ceph|Monitor|OSD|BlueStore|MDS|PG|ECBackend)::|libceph/, text: /\bceph version\b|\bceph-(?:mon|osd|mds)\b/i},
  {system: 'tikv', frames: /^(?:tikv|raftstore|tikv_util|engine_rocks|raft)::|\/tikv\//, text: /\btikv\b/i},
  {system: 'etcd', frames: /go\.etcd\.io\/|github\.com\/coreos\/etcd|etcdserver/, text: /\betcd\b/i},
  {system: 'starrocks', frames: /^starrocks::/, text: /\bstarrocks\b/i},
  {system: 'doris', frames: /^doris::/, text: /\bdoris\b/i},
  {system: 'scylla', frames: /^(?:seastar|scylla|logalloc|sstables|replica)::/, text: /\bscylla\b|\bseastar\b/i},
  {system: 'redis', text: /\bredis(?:-server)?\b/i},
  {system: 'clickhouse', frames: /^DB::|clickhouse/i, text: /\bclickhouse\b|BaseDaemon/i},
  {system: 'milvus', frames: /milvus|knowhere/i},
  {system: 'juicefs', frames: /github\.com\/juicedata\/juicefs/, text: /\bjuicefs\b/i},
  {system: 'tidb', frames: /github\.com\/pingcap\/tidb/, text: /\btidb\b/i},
  {system: 'dgraph', frames: /github\.com\/dgraph-io\//},
  {system: 'cockroachdb', frames: /github\.com\/cockroachdb\/cockroach/},
  {system: 'seaweedfs', frames: /seaweedfs/},
  {system: 'prometheus', frames: /github\.com\/prometheus\/prometheus/, text: /\bprometheus\b/i},
  {system: 'yugabyte', frames: /^yb::/, text: /\byugabyte\b|\byb-(?:master|tserver)\b/i},
  {system: 'kudu', frames: /^kudu::/, text: /\bkudu\b/i},
]

/** Lines of text looked at for markers: enough for banners, bounded for speed. */
const TEXT_LINES = 400

export interface Provenance {
  /** Applications the crash names (cubefs, pegasus, tikv...). */
  systems: Set<string>
  /** Embedded libraries it names (rocksdb). */
  libraries: Set<string>
  components: Set<string>
}

/** The systems and components a crash shows, from the strongest evidence (frames) and its log lines. */
export function inferProvenance(incident: Incident): Provenance {
  const frameTexts = incident.events.flatMap((e) => e.frames.map((f) => [f.function, f.file ?? '', f.module ?? ''].join(' ')))
  const lines = [...incident.traceLines, ...incident.context.slice(-TEXT_LINES / 2), ...incident.after]
  const texts = lines.slice(0, TEXT_LINES).map((l) => `${l.origin ?? ''} ${l.text}`)
  const systems = new Set<string>()
  const libraries = new Set<string>()
  const components = new Set<string>()
  for (const marker of SYSTEM_MARKERS) {
    const hit = (marker.frames && frameTexts.some((t) => marker.frames!.test(t))) || (marker.text && texts.some((t) => marker.text!.test(t)))
    if (!hit) continue
    ;(marker.library ? libraries : systems).add(marker.system)
    if (marker.component) components.add(marker.component)
  }
  return {systems, libraries, components}
}
