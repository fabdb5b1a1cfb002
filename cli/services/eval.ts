import {readdir, stat} from 'node:fs/promises'
import path from 'node:path'
import {evaluate, InputError, RulesError, type EvaluationResult} from '../../analyzer/index.js'
import {AbortError} from '../lib/errors.js'
import {EXIT} from '../lib/exit-codes.js'
import {rulesAbort} from './diagnose.js'

/** Folders given may hold labels.jsonl themselves or in their direct subfolders (the corpus layout). */
async function labelledFolders(dirs: readonly string[]): Promise<string[]> {
  const found: string[] = []
  for (const dir of dirs) {
    if (await isFile(path.join(dir, 'labels.jsonl'))) {
      found.push(dir)
      continue
    }
    const subs = await readdir(dir, {withFileTypes: true}).catch(() => {
      throw new AbortError(`no such directory: ${dir}`, {code: 'input-missing', hint: 'name a folder that holds a labels.jsonl', exit: EXIT.input})
    })
    const labelled = []
    for (const s of subs) if (s.isDirectory() && (await isFile(path.join(dir, s.name, 'labels.jsonl')))) labelled.push(path.join(dir, s.name))
    if (labelled.length === 0) throw new AbortError(`no labels.jsonl in ${dir} or its subfolders`, {code: 'input-no-labels', hint: 'see the labels.jsonl format in README.md', exit: EXIT.input})
    found.push(...labelled.sort())
  }
  return found
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false)
}

export async function evaluateFolders(dirs: readonly string[]): Promise<EvaluationResult> {
  const folders = await labelledFolders(dirs)
  try {
    return await evaluate(folders)
  } catch (error) {
    if (error instanceof InputError) throw new AbortError(error.message, {code: error.code, hint: error.hint, exit: EXIT.input})
    if (error instanceof RulesError) throw rulesAbort(error)
    throw error
  }
}
