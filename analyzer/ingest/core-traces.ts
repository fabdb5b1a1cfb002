import path from 'node:path'

/** What a core-dump trace file's place says: it lives under a `cores/` directory, named `<node>.<pid>[.<anything>]`. */
export interface CoreTraceFile {
  node: string | null
  pid: number | null
}

const CORE_NAME = /^(?:core[._-])?(?<node>[A-Za-z][\w-]*)(?:\.(?<pid>\d+))?(?:\..*)?$/

export function coreTraceFile(file: string): CoreTraceFile | null {
  const parts = path.resolve(file).split(path.sep)
  if (!parts.slice(0, -1).includes('cores')) return null
  const m = CORE_NAME.exec(parts.at(-1) ?? '')
  return {node: m?.groups?.node ?? null, pid: m?.groups?.pid ? Number(m.groups.pid) : null}
}
