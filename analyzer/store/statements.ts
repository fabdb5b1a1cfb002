import {readFileSync} from 'node:fs'
import path from 'node:path'
import {packageRoot} from '../package-root.js'

let cached: Map<string, string> | null = null

/** The named statements of statements.sql (SQL lives in .sql files, not in code). */
export function statement(name: string): string {
  if (!cached) {
    cached = new Map()
    const text = readFileSync(path.join(packageRoot(), 'analyzer', 'store', 'statements.sql'), 'utf8')
    for (const block of text.split(/^-- name: /m).slice(1)) {
      const newline = block.indexOf('\n')
      cached.set(block.slice(0, newline).trim(), block.slice(newline + 1).trim())
    }
  }
  const sql = cached.get(name)
  if (sql === undefined) throw new Error(`no statement named ${name} in statements.sql`)
  return sql
}
