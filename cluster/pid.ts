import {readFileSync} from 'node:fs'
import {setTimeout as sleep} from 'node:timers/promises'

/** A zombie has exited: only its parent has not reaped it yet (Linux /proc). */
function zombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z'
  } catch {
    return false
  }
}

/** True when a process with this pid runs (signal 0 probes without sending anything). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  return !zombie(pid)
}

/** The command line of a live process (Linux /proc), or null: it tells a recycled pid from ours. */
export function pidCommandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return null
  }
}

/** The pid in a pid file when that process still runs, else null. */
export function livePidFromFile(file: string): number | null {
  let pid: number
  try {
    pid = Number(readFileSync(file, 'utf8').trim())
  } catch {
    return null
  }
  return Number.isInteger(pid) && pid > 0 && pidAlive(pid) ? pid : null
}

/** Resolves once none of the pids runs any more, or false after timeoutMs. */
export async function waitPidsGone(pids: readonly number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (pids.some(pidAlive)) {
    if (Date.now() > deadline) return false
    await sleep(50)
  }
  return true
}
