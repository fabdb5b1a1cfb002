// Line prefixes that aggregators, loggers and runtimes put before a message, as data.
// Each entry strips one leading piece; stripPrefixes applies them until none matches.
import type {PatternEntry} from '../formats/types.js'

export interface PrefixEntry extends PatternEntry {
  /** Named groups used: node, ts (timestamp text), level, origin. */
  name: string
  /** A paste's wrapper (a mail/markdown quote): only ever the outermost prefix, never after another. */
  outermost?: boolean
}

const LEVEL_WORD = String.raw`(?:TRACE|DEBUG|DBG|INFO|INF|NOTICE|WARN|WARNING|WRN|ERROR|ERRO|ERR|FATAL|FATA|CRIT|CRITICAL|PANIC|EMERG|ALERT|STATUS)`

/** A mail or markdown quote, nested or not; one space after it is the quote's, the rest the line's own indentation. */
export const QUOTE_MARKERS = String.raw`>(?: ?>)* ?`

export const PREFIX_PATTERNS: readonly PrefixEntry[] = [
  {
    name: 'quote',
    re: new RegExp(`^${QUOTE_MARKERS}`),
    outermost: true,
    examples: ['> goroutine 1 [running]:', '> >     @     0x7f3a2b1c4d5e  rocksdb::DBImpl::Get()', '>', '>>panic: runtime error: index out of range'],
  },
  {
    name: 'java-wrapper',
    re: new RegExp(String.raw`^(?<level>${LEVEL_WORD})\s*\| (?:jvm \d+|wrapper)\s*\| (?<ts>\d{4}/\d\d/\d\d \d\d:\d\d:\d\d) \| ?`),
    examples: ['INFO   | jvm 1    | 2017/12/01 06:47:30 | fatal error: concurrent map iteration and map write'],
  },
  {
    name: 'compose-node',
    re: /^(?<node>[A-Za-z][\w.-]{0,62})\s+\| ?/,
    examples: ['datanode-1 | 2026/11/21 16:26:30.739618 server.go:226: flags: --x', 'replica-2  | F2024-05-22 ...'],
  },
  {
    name: 'bracket-node',
    re: new RegExp(String.raw`^\[(?!${LEVEL_WORD}\])(?<node>[A-Za-z][\w.-]{0,62}|pod\/[\w./-]{1,120})\] `),
    examples: ['[replica-1] *** Aborted at 1631612426 (unix time)', '[pod/meta-0/pegasus] E2024-05-22 14:28:29.529 (1 2) x: a.cpp:1:f(): m', '[replica-1]     @     0x7f3a2b1c4d5e  rocksdb::DBImpl::Get()'],
  },
  {
    name: 'cri-stream',
    re: /^(?<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) (?:stdout|stderr) [FP] /,
    examples: ['2024-05-22T14:28:29.529123456Z stderr F panic: runtime error: index out of range'],
  },
  {
    // Grafana Loki's logcli: the entry's time, then its stream's labels; a pod, instance or host label names the node.
    name: 'loki-labels',
    re: /^(?<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) \{(?:(?=[^{}]{0,2000}?\b(?:pod|instance|host|hostname|node)="(?<node>[^"]{1,200})")|)[^{}]{0,2000}\} /,
    examples: [
      '2026-11-21T10:00:00.123Z {app="kv", pod="kv-0"} panic: runtime error: index out of range',
      '2026-11-21T10:00:00Z {job="pegasus/replica", instance="replica-2:34801", level="error"} *** Aborted at 1631612426 (unix time)',
      '2026-11-21T10:00:00.5+02:00 {app="kv"} fatal error: concurrent map writes',
    ],
  },
  {
    // RFC 5424: <PRI>VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA, `-` for none.
    // The PRI's severity is the forwarder's (one per stream), not the line's: no level is taken from it.
    name: 'syslog-5424',
    re: /^<\d{1,3}>\d{1,2} (?:(?<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d))|-) (?:-|(?<node>[!-~]{1,255})) [!-~]{1,48} [!-~]{1,128} [!-~]{1,32} (?:-|(?:\[(?:[^\]"\\]|\\.|"(?:[^"\\]|\\.)*")*\])+)(?: \uFEFF?|$)/,
    examples: [
      '<11>1 2026-11-21T10:00:00.123Z host-7 datanode 4242 - - panic: runtime error: invalid memory address or nil pointer dereference',
      '<27>1 2026-11-21T10:00:00.123456+02:00 node-3.dc1 pegasus_server 77 crash [origin ip="10.0.0.3"][meta seq="5\\]"] *** Aborted at 1631612426 (unix time)',
      '<14>1 - - - - - - ',
    ],
  },
  {
    name: 'syslog',
    re: new RegExp(
      String.raw`^(?<ts>[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d(?:\.\d+)?) (?<node>[\w.-]+) (?:(?<level>${LEVEL_WORD}) )?(?:kernel: (?:\[ *\d+\.\d+\] )?|[\w./@-]+(?:\[\d+\])?: )`,
    ),
    examples: [
      'Sep 29 03:25:00 hvidlngdwa04 prometheus[3055]: fatal error: runtime: out of memory',
      'May 25 00:50:27.794220 MyDUT INFO supervisord: redis-server === REDIS BUG REPORT START',
      'Nov 21 16:47:01 node-3 kernel: [123456.789012] pegasus_server[4242]: segfault at 0 ip 00007f',
    ],
  },
  {
    name: 'python-logger-node',
    re: new RegExp(String.raw`^(?<level>${LEVEL_WORD}):(?<node>[\w-]+(?:\.[\w-]+)+?)(?:\.(?:stderr|stdout))?:(?:> )?`),
    examples: ['INFO:tasks.ceph.mon.a.smithi012.stderr:*** Caught signal (Segmentation fault) **'],
  },
  {
    name: 'rdsn',
    re: /^(?<level>[DIWEF])(?<ts>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+) \(\d+ [0-9a-fA-F]+\) [\w.:-]+: (?<origin>[\w.-]+:\d+:[\w:~<>]+)\(\): /,
    examples: [
      'F2024-05-22 14:28:29.529 (1716359309529123456 12345) replica.default0.0000: replica_bulk_loader.cpp:479:download_sst_file(): assertion failed',
      'D2019-01-14 16:25:19.417 (1547454319417562148 692c) replica.replica2.0300: replica_stub.cpp:12:on_checkpoint(): done',
    ],
  },
  {
    name: 'glog',
    re: /^(?<level>[IWEF])(?<ts>(?:\d{4})?\d{4} \d\d:\d\d:\d\d(?:\.\d+)?) +\d+(?: [\w-]+)? (?<origin>[\w./+-]+:\d+)\] ?/,
    examples: ['I0914 17:40:26.355070 1166569 internal_service.cpp:241] exec plan fragment', 'F20240522 14:28:29.529000 123 db.cc:42] Check failed: ok'],
  },
  {
    name: 'clickhouse',
    re: /^(?<ts>\d{4}\.\d\d\.\d\d \d\d:\d\d:\d\d(?:\.\d+)?) \[ *\d+ *\] (?:\{[^}]*\} )?<(?<level>\w+)> (?:[\w.:() -]+?: )?/,
    examples: ['2018.09.27 18:21:57.156899 [ 6322 ] <Error> BaseDaemon: (from thread 2365) Received signal Segmentation fault (11).'],
  },
  {
    name: 'bracket-time-level',
    re: new RegExp(String.raw`^\[(?<ts>\d{4}[-/]\d\d[-/]\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d+)?(?: ?(?:Z|[+-]\d\d:?\d\d))?)\] \[(?<level>${LEVEL_WORD})\] (?:\[(?<origin>[\w./-]+:\d+)\] )?`),
    examples: ['[2021/01/16 12:42:22.087 +00:00] [FATAL] [lib.rs:482] ["called `Result::unwrap()` on an `Err` value"]'],
  },
  {
    // log4j/logback layouts (`%d %-5p [%t]`, `%d [%t] %-5level`): the bracket names a thread, not a node.
    name: 'log4j-thread',
    re: new RegExp(
      String.raw`^(?<ts>\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d[,.]\d{3}(?: ?(?:Z|[+-]\d\d:?\d\d))?) +(?:(?<level>${LEVEL_WORD}) +\[[^\]]{1,200}\]|\[[^\]]{1,200}\] +(?<level2>${LEVEL_WORD})) +`,
    ),
    examples: [
      '2026-11-21 10:00:00,123 FATAL [RS_OPEN_REGION-1] regionserver.HRegionServer: ABORTING region server kv-3,16020,1700000000000: Unhandled: Java heap space',
      '2026-11-21 10:00:00,123 INFO  [IPC Server handler 5 on default port 8020] namenode.FSNamesystem: roll edit log',
      '2026-11-21 10:00:00.123 [main] ERROR o.a.k.Kafka - Exiting Kafka due to fatal exception',
    ],
  },
  {
    name: 'date-time',
    re: /^(?<ts>\d{4}[-/.]\d\d[-/.]\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?: ?(?:Z|[+-]\d\d:?\d\d|UTC))?)(?:\s+|\s*[|:] ?)/,
    examples: ['2026/11/21 16:26:30.739618 server.go:226: flags', '2024-03-08T01:00:45.505 INFO:tasks.ceph.mon.a.smithi012.stderr: x', '2024-05-22 14:28:29,529 ERROR x'],
  },
  {
    name: 'epoch-time',
    re: /^\[?(?<ts>1\d{9}(?:\.\d+)?)\]? /,
    examples: ['1716359309.529 datanode: wal write failed'],
  },
  {
    name: 'level-word',
    re: new RegExp(String.raw`^(?:\[(?<level>${LEVEL_WORD})\]|(?<level2>${LEVEL_WORD})(?=[\s:|]))[\s:|]*`),
    examples: ['[INFO] action[loadPartition] partition(2807) loaded', 'ERROR: cannot open wal'],
  },
  {
    name: 'process-level',
    re: /^(?<node>[\w.-]+)\[\d+\] <(?<level>[A-Za-z]+)>: /,
    examples: ['juicefs[30646] <INFO>: Mounting volume myjfs at /jfs'],
  },
  {
    name: 'go-log-origin',
    re: /^(?<origin>[\w.-]+\.go:\d+): /,
    examples: ['server.go:226: flags: --fatal-on-error=false'],
  },
  {
    name: 'dmesg-clock',
    re: /^\[ *(?<uptime>\d+\.\d+)\] /,
    examples: ['[12345.678901] pegasus_server[4242]: segfault at 0 ip 00007f0000000000 sp 00007ffd00000000 error 4'],
  },
]
