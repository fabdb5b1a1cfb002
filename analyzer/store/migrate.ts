import {readdirSync, readFileSync} from 'node:fs'
import path from 'node:path'
import type Database from 'better-sqlite3'
import {packageRoot} from '../package-root.js'

/** Numbered schema changes: `NNN-what.sql`, applied in order, each once (PRAGMA user_version). */
export function migrationsDir(): string {
  return path.join(packageRoot(), 'analyzer', 'store', 'migrations')
}

export function migrations(dir = migrationsDir()): {version: number; file: string}[] {
  return readdirSync(dir)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .map((f) => ({version: Number(f.slice(0, 3)), file: path.join(dir, f)}))
    .sort((a, b) => a.version - b.version)
}

/** Brings the schema up to date; each migration and its version bump commit together. */
export function migrate(db: Database.Database, dir = migrationsDir()): number {
  let current = db.pragma('user_version', {simple: true}) as number
  for (const m of migrations(dir)) {
    if (m.version <= current) continue
    db.transaction(() => {
      db.exec(readFileSync(m.file, 'utf8'))
      db.pragma(`user_version = ${m.version}`)
    })()
    current = m.version
  }
  return current
}
