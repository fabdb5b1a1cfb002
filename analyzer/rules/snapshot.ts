// The built-in rule library and kind guidance as the build last read and checked them
// (dist/rules.snapshot.json), so that a command does not parse and validate every YAML file of
// rules/ each time it starts. A file is taken from the snapshot only while its text hashes to what
// the build recorded: an edited or added file, and any user rule, is read from its YAML as always.
import {createHash} from 'node:crypto'
import {readFileSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {packageRoot} from '../package-root.js'

const SNAPSHOT = path.join('dist', 'rules.snapshot.json')
const VERSION = 1

interface Snapshot {
  version: typeof VERSION
  /** By path from the package root: the text's hash and the data it checked out to. */
  files: Record<string, {sha1: string; data: unknown}>
}

let loaded: Snapshot | null | undefined

function snapshot(): Snapshot | null {
  if (loaded !== undefined) return loaded
  try {
    const parsed = JSON.parse(readFileSync(path.join(packageRoot(), SNAPSHOT), 'utf8')) as Snapshot
    loaded = parsed.version === VERSION && typeof parsed.files === 'object' ? parsed : null
  } catch {
    // No build yet (a source checkout under test), or a damaged file: read the YAML.
    loaded = null
  }
  return loaded
}

const hash = (text: string): string => createHash('sha1').update(text).digest('hex')
const keyOf = (file: string): string => path.relative(packageRoot(), path.resolve(file))

/** The data the build checked for `file` while its text is still `text`; undefined otherwise. */
export function snapshotData(file: string, text: string): unknown {
  const entry = snapshot()?.files[keyOf(file)]
  return entry !== undefined && entry.sha1 === hash(text) ? entry.data : undefined
}

/** Writes the snapshot of files that were read and checked (the build's step, cli/bin/snapshot-rules.js). */
export function writeSnapshot(checked: readonly {file: string; data: unknown}[]): string {
  const files: Snapshot['files'] = {}
  for (const {file, data} of checked) files[keyOf(file)] = {sha1: hash(readFileSync(file, 'utf8')), data}
  const target = path.join(packageRoot(), SNAPSHOT)
  writeFileSync(target, JSON.stringify({version: VERSION, files} satisfies Snapshot))
  loaded = undefined
  return target
}
