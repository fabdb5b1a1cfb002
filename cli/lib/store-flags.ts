import path from 'node:path'
import {Flags} from '@oclif/core'

/** The cluster directory when neither --dir nor STORCTL_DIR says otherwise. */
export const DEFAULT_STORE_DIR = '.storctl'

/** The store's file name inside the cluster directory. */
export const STORE_FILE_NAME = 'storctl.db'

/** `--db FILE` / `--dir DIR`: spread into the flags of every command that reads or writes the store. */
export const storeFlags = {
  db: Flags.string({
    description: 'the store (SQLite) file; default <dir>/storctl.db',
    helpValue: 'FILE',
  }),
  dir: Flags.string({
    description: `the cluster directory; default ./${DEFAULT_STORE_DIR} or STORCTL_DIR`,
    helpValue: 'DIR',
  }),
}

/** The store file: --db wins, then <--dir>/storctl.db, then <STORCTL_DIR>/storctl.db, then ./.storctl/storctl.db. */
export function storeFile(flags: {db?: string; dir?: string}, env: {STORCTL_DIR?: string} = process.env): string {
  if (flags.db !== undefined && flags.db !== '') return path.resolve(flags.db)
  const dir = flags.dir || env.STORCTL_DIR || DEFAULT_STORE_DIR
  return path.resolve(dir, STORE_FILE_NAME)
}

/** `--dir DIR` of the cluster commands (up, down, status, fault). */
export const clusterDirFlag = Flags.string({description: `the cluster directory; default ./${DEFAULT_STORE_DIR} or STORCTL_DIR`, helpValue: 'DIR'})

/** The cluster directory: --dir, then STORCTL_DIR, then ./.storctl. */
export function clusterDir(flags: {dir?: string}, env: {STORCTL_DIR?: string} = process.env): string {
  return flags.dir || env.STORCTL_DIR || DEFAULT_STORE_DIR
}
