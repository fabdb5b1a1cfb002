import {createReadStream, type Stats} from 'node:fs'
import {open, readdir, stat} from 'node:fs/promises'
import path from 'node:path'
import type {Readable} from 'node:stream'
import {createGunzip} from 'node:zlib'
import {InputError} from '../errors.js'

/** One log to read: a file (maybe gzip) or standard input. */
export interface InputSource {
  /** As the user named it (or the path found under a directory they named); '-' is stdin. */
  path: string
  /** Bytes on disk, when known (stdin: null). */
  size: number | null
  gzip: boolean
  open(): Readable
}

const GZIP_MAGIC = [0x1f, 0x8b]
const SNIFF_BYTES = 8192
/** Share of bytes that are neither text nor UTF-8 beyond which a file is binary, not a log. */
const BINARY_SHARE = 0.1
/** File names a directory walk takes as logs. */
const LOG_NAME = /(\.(log|txt|out|err|trace|bt|core|stderr|stdout|crash)(\.\d+)?(\.gz)?$)|(^[^.]+(\.\d+)?(\.gz)?$)|(\.log\.[\w-]+$)/i
const SKIPPED_DIRS = new Set(['.git', 'node_modules'])

async function sniff(file: string): Promise<Buffer> {
  const handle = await open(file, 'r')
  try {
    const buf = Buffer.alloc(SNIFF_BYTES)
    const {bytesRead} = await handle.read(buf, 0, SNIFF_BYTES, 0)
    return buf.subarray(0, bytesRead)
  } finally {
    await handle.close()
  }
}

/** True for data that is no text log: many NUL or control bytes (an ELF core, an image). */
export function looksBinary(head: Buffer): boolean {
  if (head.length === 0) return false
  let odd = 0
  for (const b of head) if (b === 0 || (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 27 && b !== 12)) odd++
  return odd / head.length > BINARY_SHARE
}

function fileProblem(file: string, err: NodeJS.ErrnoException): InputError {
  if (err.code === 'ENOENT') return new InputError('input-missing', file, `no such file or directory: ${file}`, 'check the path; use - to read standard input')
  return new InputError('input-unreadable', file, `cannot read ${file}: ${err.code ?? err.message}`, 'check its permissions (try: ls -l)')
}

async function fileSource(file: string, stats: Stats): Promise<InputSource> {
  let head: Buffer
  try {
    head = await sniff(file)
  } catch (error) {
    throw fileProblem(file, error as NodeJS.ErrnoException)
  }
  const gzip = head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1]
  if (!gzip && looksBinary(head)) {
    throw new InputError('input-binary', file, `${file} is a binary file, not a log`, 'for a core dump, run: gdb -batch -ex "thread apply all bt" <binary> <core> > bt.txt, then diagnose bt.txt')
  }
  return {
    path: file,
    size: stats.size,
    gzip,
    open: () => (gzip ? createReadStream(file).pipe(createGunzip()) : createReadStream(file, {highWaterMark: 1 << 20})),
  }
}

async function walk(dir: string, found: string[]): Promise<void> {
  const entries = await readdir(dir, {withFileTypes: true})
  entries.sort((a, b) => a.name.localeCompare(b.name))
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) await walk(full, found)
    else if (entry.isFile() && LOG_NAME.test(entry.name)) found.push(full)
  }
}

export interface ResolvedInputs {
  sources: InputSource[]
  /** Inputs that could not be read: reported, while the rest is analysed. */
  problems: InputError[]
}

/** Files, directories (recursively, log-like names, binaries left out) and '-' for stdin. */
export async function resolveInputs(paths: readonly string[], stdin: () => Readable): Promise<ResolvedInputs> {
  const sources: InputSource[] = []
  const problems: InputError[] = []
  for (const p of paths) {
    if (p === '-') {
      sources.push({path: '-', size: null, gzip: false, open: stdin})
      continue
    }
    try {
      const stats = await stat(p).catch((error: NodeJS.ErrnoException) => {
        throw fileProblem(p, error)
      })
      if (!stats.isDirectory()) {
        sources.push(await fileSource(p, stats))
        continue
      }
      const files: string[] = []
      await walk(p, files).catch((error: NodeJS.ErrnoException) => {
        throw fileProblem(p, error)
      })
      const before = sources.length
      for (const f of files) {
        try {
          sources.push(await fileSource(f, await stat(f)))
        } catch (error) {
          if (!(error instanceof InputError && error.code === 'input-binary')) throw error
        }
      }
      if (sources.length === before) {
        throw new InputError('input-empty-dir', p, `no log files in ${p}`, 'name the files directly, or check the directory (logs end in .log, .txt, .out, .gz...)')
      }
    } catch (error) {
      if (error instanceof InputError) problems.push(error)
      else throw error
    }
  }
  return {sources, problems}
}
