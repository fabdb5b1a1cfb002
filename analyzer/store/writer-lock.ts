import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import {StoreError} from './errors.js'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Locks this process holds (a pid in a lock file can also be a dead process's, reused). */
const held = new Set<string>()

/**
 * One writer per store: `<db>.writer` holds its pid. A second writer gets a clear error; a lock
 * left by a killed writer (its pid is gone) is taken over.
 */
export function acquireWriterLock(dbFile: string): () => void {
  const lockFile = `${dbFile}.writer`
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), {flag: 'wx'})
      held.add(lockFile)
      return () => {
        held.delete(lockFile)
        rmSync(lockFile, {force: true})
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(readFileSync(lockFile, 'utf8').trim())
      const ours = holder === process.pid
      if ((ours && held.has(lockFile)) || (!ours && Number.isInteger(holder) && holder > 0 && alive(holder))) {
        throw new StoreError('store-busy', `another writer (pid ${holder}) is writing ${dbFile}`, 'stop it first, or give this one its own store with --db')
      }
      rmSync(lockFile, {force: true})
    }
  }
  throw new StoreError('store-busy', `could not lock ${dbFile} for writing`, 'try again; if it persists, remove the .writer file next to the store')
}
