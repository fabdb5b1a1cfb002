import {createHash} from 'node:crypto'
import type {FileHandle} from 'node:fs/promises'
import type Database from 'better-sqlite3'
import type {IngestStore, SourceIdentity, SourceRow} from '../store/ingest-store.js'
import {statement} from '../store/statements.js'

/** Bytes of a file's head that, with its inode, say which file it is (a name alone can be reused). */
export const HEAD_BYTES = 1024

/** sha256 of the head; a shorter head is marked with its length, so it can be recognised as it grows. */
export function headHash(head: Buffer): string {
  const digest = createHash('sha256').update(head.subarray(0, HEAD_BYTES)).digest('hex')
  return head.length >= HEAD_BYTES ? digest : `${head.length}:${digest}`
}

/** True while the fingerprint covers less than HEAD_BYTES (it must be refreshed as the file grows). */
export function isShortHash(hash: string | null): boolean {
  return hash === null || hash.includes(':')
}

async function readHead(handle: FileHandle): Promise<Buffer> {
  const buf = Buffer.alloc(HEAD_BYTES)
  const {bytesRead} = await handle.read(buf, 0, HEAD_BYTES, 0)
  return buf.subarray(0, bytesRead)
}

/** The identity of an open file (its inode and the fingerprint of its head), and that head. */
export async function identify(handle: FileHandle, path: string): Promise<{identity: SourceIdentity; head: Buffer}> {
  const [stat, head] = await Promise.all([handle.stat(), readHead(handle)])
  return {identity: {path, inode: stat.ino, headHash: headHash(head)}, head}
}

/** A short head stored earlier still matches when the file's head now starts with it. */
function grewFrom(row: SourceRow, head: Buffer): boolean {
  const stored = row.head_hash
  if (stored === null || !isShortHash(stored)) return false
  const length = Number(stored.slice(0, stored.indexOf(':')))
  return head.length >= length && headHash(head.subarray(0, length)) === stored
}

/** Finds the source a file is (by identity, or a short file that has grown since), else registers it. */
export function resolveSource(db: Database.Database, store: IngestStore, identity: SourceIdentity, head: Buffer): SourceRow {
  const byPath = db.prepare(statement('findSourceByPath')).get({path: identity.path}) as SourceRow | undefined
  if (byPath && byPath.inode === identity.inode && byPath.head_hash !== identity.headHash && grewFrom(byPath, head)) {
    refreshIdentity(db, byPath.id, identity)
    return {...byPath, head_hash: identity.headHash}
  }
  return store.source(identity)
}

/** Keeps the stored fingerprint current: a file that grew past HEAD_BYTES, or one truncated and rewritten. */
export function refreshIdentity(db: Database.Database, sourceId: number, identity: SourceIdentity): void {
  db.prepare(statement('updateSourceIdentity')).run({...identity, id: sourceId, now: new Date().toISOString()})
}
