import {existsSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

let found: string | null = null

/** The storctl package root, from source (tests) or from dist/ alike; looked up once. */
export function packageRoot(): string {
  if (found !== null) return found
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'rules'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('storctl package root not found (no package.json with rules/ above the analyzer)')
    dir = parent
  }
  found = dir
  return dir
}
