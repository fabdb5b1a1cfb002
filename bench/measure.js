// Runs one command and measures its wall time and peak resident memory (Linux /proc VmHWM).
import {spawn} from 'node:child_process'
import fs from 'node:fs'

const POLL_MS = 20

/** VmHWM of a live process in kB; 0 once it has exited (a zombie has no memory left to report). */
function peakRssKb(pid) {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match ? Number(match[1]) : 0
  } catch {
    return 0
  }
}

/**
 * Spawns `command args` (no shell), polls its peak RSS every POLL_MS until it exits.
 * Resolves {code, signal, wallSeconds, peakRssMb, stdout, stderr}; rejects only when it cannot start.
 */
export function runMeasured(command, args, {cwd} = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    const child = spawn(command, args, {cwd, stdio: ['ignore', 'pipe', 'pipe']})
    const stdout = []
    const stderr = []
    child.stdout.on('data', (data) => stdout.push(data))
    child.stderr.on('data', (data) => stderr.push(data))
    let peakKb = 0
    const poll = () => {
      peakKb = Math.max(peakKb, peakRssKb(child.pid))
    }
    const timer = setInterval(poll, POLL_MS)
    poll()
    let wallSeconds = 0
    child.on('exit', () => {
      wallSeconds = Number(process.hrtime.bigint() - started) / 1e9
      clearInterval(timer)
    })
    child.on('error', (error) => {
      clearInterval(timer)
      reject(error)
    })
    child.on('close', (code, signal) => {
      resolve({
        code,
        signal,
        wallSeconds,
        peakRssMb: peakKb / 1024,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      })
    })
  })
}
