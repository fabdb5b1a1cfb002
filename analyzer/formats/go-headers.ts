// The header lines the Go runtime prints before a dump (panic, fatal error, signal, cgo signal),
// and the crash kinds each one shows.
import type {CrashKind, LogLine} from '../model.js'
import type {PatternTable} from './types.js'

export const GO_HEADER_PATTERNS = {
  panic: {
    re: /^\s*panic:(?: (?<value>.*))?$/,
    examples: ['panic: runtime error: invalid memory address or nil pointer dereference', '\tpanic: handle packet req(1717003) failed'],
  },
  recoveredSuffix: {
    re: / \[recovered(?:, repanicked)?\]\s*$/,
    examples: ['panic: runtime error: slice bounds out of range [:1048600] with capacity 65536 [recovered]'],
  },
  fatalError: {
    re: /^\s*fatal error: (?<message>\S.*)$/,
    examples: ['fatal error: concurrent map writes', 'fatal error: runtime: out of memory', 'fatal error: fault'],
  },
  signalLine: {
    // Found anywhere in the line: it is distinctive, and a paste may keep a prefix before it.
    re: /\[signal (?<sig>SIG[A-Z0-9]+|0x[0-9a-f]+|\d+)\b(?<rest>[^\]]*\b(?:code|addr|pc)=[^\]]*)\]?/,
    examples: ['[signal SIGSEGV: segmentation violation code=0x1 addr=0x50 pc=0x139877f]', '[signal 0xb code=0x1 addr=0x0 pc=0x4010b5]'],
  },
  signalHeader: {
    // A signal the runtime did not turn into a panic: cgo crashes, GOTRACEBACK=crash, SIGQUIT dumps.
    re: /^\s*(?<sig>SIG(?:SEGV|BUS|ILL|FPE|ABRT|QUIT)): (?<desc>segmentation violation|bus error|illegal instruction|floating-point exception|abort|quit)\s*$/,
    examples: ['SIGSEGV: segmentation violation', 'SIGILL: illegal instruction', 'SIGABRT: abort'],
  },
  pcLine: {
    re: /^\s*PC=(?<pc>0x[0-9a-f]+)(?: m=\d+)?(?: sigcode=\d+)?(?: addr=(?<addr>0x[0-9a-f]+))?/,
    examples: ['PC=0x7f039e31934a m=7 sigcode=1', 'PC=0x7f60fd0b2b82', 'PC=0x0 m=0 sigcode=1 addr=0x0'],
  },
  addrField: {
    re: /\baddr=(?<addr>0x[0-9a-f]+)/,
    examples: ['code=0x1 addr=0x50 pc=0x139877f'],
  },
  codeField: {
    re: /\bcode=(?<code>0x[0-9a-f]+|-?\d+)/,
    examples: ['code=0x80 addr=0x0 pc=0x7f5a472d1927'],
  },
  runtimeResource: {
    // What the runtime prints just before it throws for lack of memory, threads or stack.
    re: /^\s*runtime: (?<what>out of memory|cannot allocate memory|failed to create new OS thread|goroutine stack exceeds \d+-byte limit)/,
    examples: ['runtime: out of memory: cannot allocate 6442450944-byte block (3964928 in use)', 'runtime: failed to create new OS thread (have 4 already; errno=12)'],
  },
  allocBytes: {
    re: /cannot allocate (?<bytes>\d+)-byte block/,
    examples: ['runtime: out of memory: cannot allocate 6442450944-byte block (3964928 in use)'],
  },
  enomemErrno: {
    re: /errno=12\b/,
    examples: ['runtime: failed to create new OS thread (have 4 already; errno=12)'],
  },
  faultAddress: {
    re: /^\s*unexpected fault address (?<addr>0x[0-9a-f]+)\s*$/,
    examples: ['unexpected fault address 0x7f6a0fd00000'],
  },
  fatalOutOfMemory: {
    re: /out of memory|cannot allocate memory/,
    examples: ['runtime: out of memory', 'out of memory'],
  },
  fatalBySignal: {
    // Throws whose kind is the signal named on the next line ([signal SIGSEGV ...], [signal SIGBUS ...]).
    re: /^(?:unexpected signal|fault\b|unexpected fault address)/,
    examples: ['unexpected signal during runtime execution', 'fault'],
  },
  nilDereference: {
    re: /invalid memory address or nil pointer dereference/,
    examples: ['runtime error: invalid memory address or nil pointer dereference'],
  },
} as const satisfies PatternTable

const P = GO_HEADER_PATTERNS

/** Any other throw (concurrent map writes, deadlock, stack overflow) is a panic the runtime aborts on. */
const THROW_KINDS: CrashKind[] = ['panic', 'abort']

/** Signal names by the numbers old runtimes printed ('[signal 0xb ...]'). */
const SIGNAL_NUMBERS: Readonly<Record<number, string>> = {4: 'SIGILL', 6: 'SIGABRT', 7: 'SIGBUS', 8: 'SIGFPE', 11: 'SIGSEGV'}

export const SIGNAL_KINDS: Readonly<Record<string, CrashKind | null>> = {
  SIGSEGV: 'sigsegv',
  SIGBUS: 'sigbus',
  SIGILL: 'sigill',
  SIGFPE: 'sigfpe',
  SIGABRT: 'abort',
  SIGQUIT: null,
}

export function signalName(printed: string): string {
  if (printed.startsWith('SIG')) return printed
  const n = printed.startsWith('0x') ? parseInt(printed, 16) : Number(printed)
  return SIGNAL_NUMBERS[n] ?? `signal ${n}`
}

export type GoHeader =
  | {type: 'panic'; value: string; recovered: boolean; nested: boolean}
  | {type: 'fatal'; message: string; kinds: CrashKind[] | null}
  | {type: 'signal'; signal: string; detail: string; faultAddress: string | null; code: string | null}
  | {type: 'signalHeader'; signal: string; description: string}
  | {type: 'pc'; pc: string; faultAddress: string | null}
  | {type: 'resource'; text: string; kinds: CrashKind[]; allocBytes: number | null}
  | {type: 'faultAddress'; address: string}

/** Levels an application logger writes: a line with one is a log message, not runtime output. */
const APP_LEVELS = new Set(['D', 'W', 'E', 'F', 'DEBUG', 'DBG', 'TRACE', 'WARN', 'WARNING', 'WRN', 'ERROR', 'ERRO', 'ERR', 'FATAL', 'FATA', 'CRIT', 'CRITICAL', 'PANIC', 'EMERG', 'ALERT'])

/** Runtime output has no logger header: no source origin and no application log level. */
export function isRuntimeOutput(line: LogLine): boolean {
  return line.origin === null && (line.level === null || !APP_LEVELS.has(line.level))
}

type Groups = Record<string, string | undefined>

/** Runtime output headers in the order they are tried, each with what its match says. */
const RUNTIME_HEADERS: readonly [keyof typeof P, (g: Groups, text: string) => GoHeader][] = [
  ['panic', (g, text) => panicHeaderOf(text, g.value ?? '')],
  ['fatalError', (g) => fatalHeaderOf(g.message ?? '')],
  ['signalHeader', (g) => ({type: 'signalHeader', signal: g.sig ?? '', description: g.desc ?? ''})],
  ['pcLine', (g) => ({type: 'pc', pc: g.pc ?? '', faultAddress: g.addr ?? null})],
  ['runtimeResource', (g, text) => resourceHeaderOf(text.trim(), g.what ?? '')],
  ['faultAddress', (g) => ({type: 'faultAddress', address: g.addr ?? ''})],
]

/** The runtime header this line is, or null. */
export function readGoHeader(line: LogLine): GoHeader | null {
  const text = line.text
  const signal = P.signalLine.re.exec(text)?.groups
  if (signal) return signalHeaderOf(signal.sig ?? '', signal.rest ?? '')
  if (!isRuntimeOutput(line)) return null
  for (const [name, build] of RUNTIME_HEADERS) {
    const groups = P[name].re.exec(text)?.groups
    if (groups) return build(groups, text)
  }
  return null
}

function panicHeaderOf(text: string, value: string): GoHeader {
  const recovered = P.recoveredSuffix.re.test(value)
  return {type: 'panic', value: value.replace(P.recoveredSuffix.re, '').trim(), recovered, nested: text.startsWith('\t') || text.startsWith(' ')}
}

function fatalHeaderOf(message: string): GoHeader {
  const trimmed = message.trim()
  if (P.fatalOutOfMemory.re.test(trimmed)) return {type: 'fatal', message: trimmed, kinds: ['oom']}
  return {type: 'fatal', message: trimmed, kinds: P.fatalBySignal.re.test(trimmed) ? null : [...THROW_KINDS]}
}

function signalHeaderOf(printed: string, rest: string): GoHeader {
  const detail = (rest.startsWith(':') ? rest.slice(1) : rest).trim()
  return {
    type: 'signal',
    signal: signalName(printed),
    detail,
    faultAddress: P.addrField.re.exec(rest)?.groups?.addr ?? null,
    code: P.codeField.re.exec(rest)?.groups?.code ?? null,
  }
}

function resourceHeaderOf(text: string, what: string): GoHeader {
  const bytes = P.allocBytes.re.exec(text)?.groups?.bytes
  const oom = P.fatalOutOfMemory.re.test(what) || P.enomemErrno.re.test(text)
  return {type: 'resource', text, kinds: oom ? ['oom'] : [], allocBytes: bytes ? Number(bytes) : null}
}
