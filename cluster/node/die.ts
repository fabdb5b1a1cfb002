import {fsyncSync} from 'node:fs'

/** Flushes what the node wrote to its log (stdout and stderr are files the supervisor opened). */
function flushStdio(): void {
  for (const fd of [1, 2]) {
    try {
      fsyncSync(fd)
    } catch { /* a pipe or a terminal has nothing to sync */ }
  }
}

/** Ends the node process with an exit status, as a Go program's os.Exit or a clean stop. */
export function exitNode(code: number): never {
  flushStdio()
  // A node program is a process of its own: nothing else is left to unwind when it exits.
  // eslint-disable-next-line no-restricted-syntax
  process.exit(code)
}

/** Ends the node process by a real signal (the supervisor and the shell see SIGSEGV/SIGABRT/SIGKILL). */
export function dieBySignal(signal: 'SIGSEGV' | 'SIGABRT' | 'SIGBUS' | 'SIGKILL'): never {
  flushStdio()
  process.kill(process.pid, signal)
  // A signal whose default action is ignored by a handler would land here: do not live on.
  // eslint-disable-next-line no-restricted-syntax
  process.exit(128 + 11)
}
