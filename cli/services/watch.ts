import {existsSync} from 'node:fs'
import {loadRules, RulesError, TRACE_FORMATS} from '../../analyzer/index.js'
import {Tailer, type TailerStats} from '../../analyzer/ingest/tailer.js'
import {StoreError} from '../../analyzer/store/errors.js'
import {IngestStore} from '../../analyzer/store/ingest-store.js'
import {applyRetention} from '../../analyzer/store/retention.js'
import {openStoreForWrite, type OpenedStore} from '../../analyzer/store/open-store.js'
import {AbortError} from '../lib/errors.js'
import {EXIT} from '../lib/exit-codes.js'
import {rulesAbort} from './diagnose.js'

/** How often the status line is refreshed. */
const STATUS_EVERY_MS = 250
/** How often old lines are pruned (crash evidence and context are kept). */
const RETENTION_EVERY_MS = 60_000

export interface WatchServiceOptions {
  db: string
  fromEnd: boolean
  ruleDirs: readonly string[]
  idleMs: number
  include?: readonly string[]
  exclude?: readonly string[]
  /** Resolves when watching should stop (Ctrl-C, SIGTERM). */
  until: Promise<unknown>
  onStatus?: (stats: TailerStats) => void
  onWarning?: (message: string) => void
}

export interface WatchResult extends TailerStats {
  db: string
  paths: string[]
}

function openStore(file: string): OpenedStore {
  try {
    return openStoreForWrite(file)
  } catch (error) {
    if (error instanceof StoreError) throw new AbortError(error.message, {code: error.code, hint: error.hint, exit: EXIT.input})
    throw error
  }
}

function loadRuleSet(dirs: readonly string[]) {
  const set = loadRules([...dirs])
  if (set.problems.length > 0) throw rulesAbort(new RulesError(set.problems))
  return set.rules
}

/** Resolves on the first SIGINT or SIGTERM (the listeners are removed after). */
export function untilInterrupted(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

export interface RunningWatch {
  store: OpenedStore
  tailer: Tailer
  /** Stops tailing with everything read committed, and closes the store. */
  stop(): Promise<void>
}

/** Opens the store and tails the paths into it; resolves once every file present has been read. */
export async function startWatch(paths: readonly string[], options: Omit<WatchServiceOptions, 'until'> & {nodeOf?: (file: string) => string | null}): Promise<RunningWatch> {
  const missing = paths.find((p) => !existsSync(p))
  if (missing !== undefined) throw new AbortError(`${missing} does not exist`, {code: 'input-missing', hint: 'check the path; watch a directory to pick up files created later', exit: EXIT.input})
  const rules = loadRuleSet(options.ruleDirs)
  const store = openStore(options.db)
  const tailer = new Tailer({
    db: store.db, store: new IngestStore(store.db), dbFile: options.db, formats: TRACE_FORMATS, rules,
    fromEnd: options.fromEnd, idleMs: options.idleMs, include: options.include, exclude: options.exclude, nodeOf: options.nodeOf,
    onError: (error, file) => options.onWarning?.(`${file}: ${error.message}`),
  })
  const timer = setInterval(() => options.onStatus?.(tailer.stats), STATUS_EVERY_MS)
  applyRetention(store.db)
  const pruning = setInterval(() => applyRetention(store.db), RETENTION_EVERY_MS)
  const stop = async () => {
    clearInterval(timer)
    clearInterval(pruning)
    await tailer.stop()
    store.close()
  }
  try {
    await tailer.start(paths)
  } catch (error) {
    await stop()
    throw error
  }
  return {store, tailer, stop}
}

/** Tails the paths into the store until told to stop; then everything read is committed and the store closed. */
export async function watch(paths: readonly string[], options: WatchServiceOptions): Promise<WatchResult> {
  const running = await startWatch(paths, options)
  try {
    await options.until
  } finally {
    await running.stop()
  }
  return {db: options.db, paths: [...paths], ...running.tailer.stats}
}
