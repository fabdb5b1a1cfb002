import {existsSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

/** The storctl package root, from source (tests) or from dist/ alike. */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'rules'))) {
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error('storctl package root not found (no package.json with rules/ above the analyzer)')
    dir = parent
  }
  return dir
}
