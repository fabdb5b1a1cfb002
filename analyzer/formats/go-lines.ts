// The lines of a Go goroutine dump (goroutine headers, function and file lines, runtime notes), as data.
import type {PatternTable} from './types.js'

// A receiver group is always followed by '.Method', which keeps a one-argument call out of the name.
const GO_NAME = String.raw`(?:[\w$.*/@~%+-]|\[\.\.\.\]|\(\*?[\w$.*/@~%+-]+(?:\[\.\.\.\])?\)\.)+`

export const GO_LINE_PATTERNS = {
  goroutineHeader: {
    re: /^goroutine (?<id>\d+)(?: gp=0x[0-9a-f]+ m=\S+(?: mp=0x[0-9a-f]+)?)? \[(?<state>[^\]]*)\]:?\s*$/,
    examples: ['goroutine 220 [syscall]:', 'goroutine 1793 [syscall, locked to thread]:', 'goroutine 17 gp=0xc000007a40 m=3 mp=0xc000100008 [running]:'],
  },
  runtimeStack: {
    re: /^runtime stack:\s*$/,
    examples: ['runtime stack:'],
  },
  functionLine: {
    // Stack values of structured records keep the '[' that opened the field.
    re: new RegExp(String.raw`^\[?(?<name>${GO_NAME})(?:\((?<args>[^()]*)(?<close>\))?)?\s*$`),
    examples: [
      'github.com/cubefs/cubefs/metanode.(*MetaNode).checkLocalPartitionMatchWithMaster(0xc000612300, 0x8, 0xc000132980)',
      'panic({0x179a680?, 0xc00903cf30?})',
      'github.com/juicedata/juicefs/pkg/meta.(*baseMeta).checkQuota(...)',
      'github.com/dgraph-io/dgraph/posting.(*List).rollup',
      '[github.com/pingcap/tidb/server.(*clientConn).Run.func1',
      '_ZN8knowhere5IndexINS_9IndexNodeEE11DeserializeERKNS_9BinarySetE',
      'github.com/tecbot/gorocksdb.(*DB).Get.func1(0x7f5a18034830, 0x7f5a18033e60, 0xc42026',
    ],
  },
  createdBy: {
    re: /^created by (?<name>\S+)(?: in goroutine (?<gid>\d+))?\s*$/,
    examples: ['created by storage/metanode.ApplyUnknownOp in goroutine 1', 'created by github.com/chubaofs/chubaofs/metanode.(*metaPartition).startFreeList'],
  },
  fileLine: {
    // Offsets and frame pointers are optional; a paste may cut the line after its '+'; a record's
    // stack field may close its '[' on the last line.
    re: /^\s*(?<file>(?:[A-Za-z]:)?[^\s:]+\.(?:go|s|c|cc|cpp|cxx|h|hpp)):(?<line>\d+)(?: \+(?:0x[0-9a-f]*)?)?(?: fp=0x[0-9a-f]+)?(?: sp=0x[0-9a-f]+)?(?: pc=(?<pc>0x[0-9a-f]+))?\]?\s*$/,
    examples: [
      '\t/usr/local/go/src/runtime/cgocall.go:156 +0x5c fp=0xc00b12db30 sp=0xc00b12daf8 pc=0x4f4f1c',
      '    /root/tmp/cfs/go/src/github.com/cubefs/cubefs/metanode/metanode.go:102 +0x1f2',
      '\tstorage/datanode/partition.go:34',
      '/root/tmp/cfs/go/src/github.com/cubefs/cubefs/depends/tiglabs/raft/raft_log.go:235',
      '\t/home/kuma/milvus/knowhere-src/src/index/ivf/ivf.cc:756 pc=0x7f039e31934a',
      '        vendor/github.com/tecbot/gorocksdb/db.go:488 +',
      '\tC:/Users/build/go/src/runtime/proc.go:250 +0x212',
      '\t/build/sql/terror/terror.go:228]',
    ],
  },
  elided: {
    re: /^\.\.\.(?:additional frames elided|\d+ frames elided)\.\.\.\s*$/,
    examples: ['...additional frames elided...', '...12 frames elided...'],
  },
  runtimeNote: {
    // What the runtime prints around a dump: cgo notes, registers, stack hex dumps, exit status.
    re: /^(?:signal arrived during (?:cgo|external code) execution|goroutine running on other thread; stack unavailable|runtime: \S.*|\[originating from goroutine \d+\]:?|exit status \d+|(?:r[a-z0-9]{1,3}|e[a-z]{2}|[cdefgs]s|lr|sp|pc|fault|rflags|eflags|ctr|link|xer|trap|error|oldmask)\s+0x[0-9a-f]+|0x[0-9a-f]+:\s+0x[0-9a-f]+.*|stack: frame=\{.*)\s*$/,
    examples: [
      'signal arrived during cgo execution',
      'rax    0x0',
      'rflags 0x10246',
      'runtime: unexpected return pc for main.main called from 0x0',
      'exit status 2',
      '0x000000c000051f28:  0x0000000000000000  0x0000000000000000',
    ],
  },
  cgoNote: {
    re: /^signal arrived during (?:cgo|external code) execution/,
    examples: ['signal arrived during cgo execution'],
  },
  panicFrame: {
    // The frame a panicking goroutine shows, in every Go version's spelling.
    re: /^(?:panic|runtime\.(?:gopanic|panic\w*|goPanic\w*|sigpanic))$/,
    examples: ['panic', 'runtime.gopanic', 'runtime.panic', 'runtime.panicmem', 'runtime.goPanicIndex'],
  },
  panicFile: {
    re: /(?:^|\/)runtime\/panic\.(?:go|c)$/,
    examples: ['/usr/local/go/src/runtime/panic.go', 'runtime/panic.go', '/usr/lib/go/src/pkg/runtime/panic.c'],
  },
  debugStackFrame: {
    // A program printing its own stacks: debug.Stack, runtime.Stack, a pprof goroutine profile.
    re: /^(?:runtime\/debug\.(?:Stack|PrintStack)|runtime\.Stack|runtime\/pprof\.\w+)$/,
    examples: ['runtime/debug.Stack', 'runtime/debug.PrintStack', 'runtime.Stack', 'runtime/pprof.writeGoroutineStacks'],
  },
  mangledName: {
    re: /^_Z\w+$/,
    examples: ['_ZN8knowhere12IvfIndexNodeIN5faiss12IndexIVFFlatEE11DeserializeERKNS_9BinarySetERKNS_6ConfigE'],
  },
  qualifiedName: {
    // 'pkg.Func', 'pkg.(*T).M', 'a/b.c': a dot between name characters; not a version number or a path.
    re: /^[^\d/.].*[\w)]\.[\w(*]/,
    examples: ['main.main', 'github.com/dgraph-io/dgraph/x.Check', 'storage/datanode.(*ExtentStore).Read'],
  },
  goexitFrame: {
    re: /^runtime\.goexit\d*$/,
    examples: ['runtime.goexit'],
  },
} as const satisfies PatternTable

const P = GO_LINE_PATTERNS

export type GoLine =
  | {type: 'blank'}
  | {type: 'goroutine'; id: number; state: string}
  | {type: 'runtimeStack'}
  | {type: 'function'; name: string; hasArgs: boolean; closed: boolean}
  | {type: 'createdBy'; name: string}
  | {type: 'file'; file: string; line: number; pc: string | null}
  | {type: 'elided'}
  | {type: 'note'; cgo: boolean}
  | {type: 'other'}

/** What a line of a goroutine dump is; 'other' when it is none of them. */
export function classifyGoLine(text: string): GoLine {
  if (text.trim() === '') return {type: 'blank'}
  const trimmed = text.trimStart()
  let m = P.goroutineHeader.re.exec(trimmed)
  if (m?.groups) return {type: 'goroutine', id: Number(m.groups.id), state: m.groups.state ?? ''}
  if (P.runtimeStack.re.test(trimmed)) return {type: 'runtimeStack'}
  m = P.fileLine.re.exec(text)
  if (m?.groups) return {type: 'file', file: m.groups.file ?? '', line: Number(m.groups.line), pc: m.groups.pc ?? null}
  m = P.createdBy.re.exec(trimmed)
  if (m?.groups) return {type: 'createdBy', name: m.groups.name ?? ''}
  if (P.elided.re.test(trimmed)) return {type: 'elided'}
  if (P.runtimeNote.re.test(trimmed)) return {type: 'note', cgo: P.cgoNote.re.test(trimmed)}
  return readFunctionLine(trimmed)
}

function readFunctionLine(trimmed: string): GoLine {
  const m = P.functionLine.re.exec(trimmed)
  const name = m?.groups?.name
  if (!m?.groups || !name || !looksLikeFunction(name)) return {type: 'other'}
  const hasArgs = m.groups.args !== undefined
  return {type: 'function', name, hasArgs, closed: !hasArgs || m.groups.close !== undefined}
}

/** A qualified Go name has a '.'; a C++ frame of a cgo crash is a mangled '_Z' symbol. */
function looksLikeFunction(name: string): boolean {
  return name === 'panic' || P.mangledName.re.test(name) || P.qualifiedName.re.test(name)
}

/** Is this the frame of a panicking goroutine? */
export function isPanicFrame(name: string): boolean {
  return P.panicFrame.re.test(name)
}

export function isPanicFile(file: string): boolean {
  return P.panicFile.re.test(file)
}

export function isDebugStackFrame(name: string): boolean {
  return P.debugStackFrame.re.test(name)
}

export function isGoexitFrame(name: string): boolean {
  return P.goexitFrame.re.test(name)
}

/** The package path of a function: 'github.com/a/b/pkg.(*T).M' -> 'github.com/a/b/pkg'. */
export function packageOf(name: string): string | null {
  const slash = name.lastIndexOf('/')
  const dot = name.indexOf('.', slash + 1)
  return dot > 0 ? name.slice(0, dot) : null
}
