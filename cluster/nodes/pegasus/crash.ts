// How a Pegasus replica server dies: glog's failure-signal dump on stderr, the core handler's gdb
// trace under cores/, then the real signal. Frames name the C++ functions of the JS path that failed.
import {writeCoreTrace, type NativeFrame} from '../../node/core-trace.js'
import {dieBySignal} from '../../node/die.js'
import {writeGlogSignalDump, type GlogFrame} from '../../node/rdsn-log.js'
import type {NodeContext} from '../../node/runtime.js'

export const SERVER_COMMAND = 'pegasus_server config.ini -app_list replica'

/** A frame of the server binary, as glog and gdb name it. */
export interface ServerFrame {
  function: string
  /** `replica_chkpt.cpp:170` for gdb's `at`. */
  location?: string
}

export interface NativeCrash {
  signal: 'SIGSEGV' | 'SIGABRT'
  /** The faulting address (SIGSEGV); glog prints the sender pid for SIGABRT. */
  address?: number
  /** Frames above the server's code: libc, libstdc++, tcmalloc (innermost first). */
  runtimeFrames: readonly NativeFrame[]
  /** The server's own frames, innermost first. */
  serverFrames: readonly ServerFrame[]
  /** glog's failure-signal dump on stderr (an uncaught exception's terminate message stands alone). */
  glogDump?: boolean
}

const THREAD_FRAMES: ServerFrame[] = [{function: 'dsn::task::exec_internal()', location: 'task.cpp:176'}, {function: 'dsn::task_worker::loop()', location: 'task_worker.cpp:224'}]

const withoutArgs = (fn: string) => fn.replace(/\(\)$/, '')

/** Writes the dump and the core trace, then ends the process by the signal. */
export function dieNative(ctx: NodeContext, crash: NativeCrash): never {
  const server = [...crash.serverFrames, ...THREAD_FRAMES]
  const glogFrames: GlogFrame[] = [
    {function: null}, {function: null},
    ...crash.runtimeFrames.map((f) => ({function: /^(?:__|\?\?)/.test(f.function) ? null : f.function})),
    ...server.map((f) => ({function: f.function, in: 'binary' as const})),
    {function: null}, {function: 'clone'},
  ]
  if (crash.glogDump !== false) writeGlogSignalDump({signal: crash.signal, address: crash.address ?? process.pid, frames: glogFrames})
  writeCoreTrace(ctx.paths, ctx.self.id, {
    command: SERVER_COMMAND,
    signal: crash.signal,
    frames: [
      ...crash.runtimeFrames,
      ...server.map((f) => ({function: withoutArgs(f.function), location: f.location ?? null})),
      {function: 'start_thread', library: '/lib/x86_64-linux-gnu/libc.so.6'},
      {function: 'clone3', library: '/lib/x86_64-linux-gnu/libc.so.6'},
    ],
  })
  return dieBySignal(crash.signal)
}

/** libc's abort path, as it sits under every SIGABRT. */
export const ABORT_FRAMES: NativeFrame[] = [
  {function: '__pthread_kill_implementation', library: '/lib/x86_64-linux-gnu/libc.so.6', args: 'threadid=<optimized out>, signo=6'},
  {function: 'gsignal', library: '/lib/x86_64-linux-gnu/libc.so.6'},
  {function: 'abort', library: '/lib/x86_64-linux-gnu/libc.so.6'},
]
