import {spawnSync} from 'node:child_process'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const BIN = path.join(ROOT, 'cli/bin/run.js')

export interface CliRun {
  status: number | null
  stdout: string
  stderr: string
}

/** Runs the built storctl as a user would; NO_COLOR so output is plain. */
export function storctl(args: string[], options: {input?: string | Buffer; cwd?: string; env?: NodeJS.ProcessEnv} = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? '',
    env: {...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...options.env},
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 << 20,
  })
  return {status: r.status, stdout: r.stdout, stderr: r.stderr}
}

/** A stack trace in output means a user saw internals. */
export const STACK_LINE = /^\s+at .+[(:]\d+/m
