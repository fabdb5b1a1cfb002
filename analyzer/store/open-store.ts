import {existsSync, mkdirSync} from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import {StoreError} from './errors.js'
import {migrate} from './migrate.js'
import {acquireWriterLock} from './writer-lock.js'

export interface OpenedStore {
  db: Database.Database
  close(): void
}

const BUSY_TIMEOUT_MS = 5000

function corrupt(file: string, error: unknown): StoreError {
  return new StoreError('store-corrupt', `${file} is not a storctl store (${(error as Error).message})`, 'point --db at the store file, or move this file away')
}

/** The store for writing: WAL mode, schema migrated, one writer at a time. */
export function openStoreForWrite(file: string): OpenedStore {
  mkdirSync(path.dirname(path.resolve(file)), {recursive: true})
  const release = acquireWriterLock(file)
  try {
    const db = new Database(file)
    db.pragma('journal_mode = WAL')
    // A killed process loses nothing committed in WAL mode with NORMAL; only an OS crash could.
    db.pragma('synchronous = NORMAL')
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    db.pragma('foreign_keys = ON')
    migrate(db)
    return {db, close: () => (db.close(), release())}
  } catch (error) {
    release()
    if (error instanceof StoreError) throw error
    throw corrupt(file, error)
  }
}

/** The store for reading while a writer may be writing (monitor, query, crashes). */
export function openStoreForRead(file: string): OpenedStore {
  if (!existsSync(file)) throw new StoreError('store-missing', `no store at ${file}`, 'run storctl watch <logs> (or storctl up) first, or point --db at a store')
  try {
    const db = new Database(file, {readonly: true, fileMustExist: true})
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    db.prepare('SELECT count(*) FROM sources').get()
    return {db, close: () => db.close()}
  } catch (error) {
    throw corrupt(file, error)
  }
}
