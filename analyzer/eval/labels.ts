import {readFile} from 'node:fs/promises'
import path from 'node:path'
import {Ajv} from 'ajv'
import {InputError} from '../errors.js'
import {CRASH_KINDS, type CrashKind} from '../model.js'

/** One labelled case of a labels.jsonl (schema of the corpus README). */
export interface LabelledCase {
  id: string
  file: string
  source: string
  system: string
  component: string | null
  runtime: string
  format: string
  kinds: (CrashKind | 'none')[]
  primary: CrashKind | 'none'
  crashes: number
  rootCause: string | null
  topFrames: string[]
  notes?: string
  /** Absolute path of the log. */
  path: string
}

const KIND_OR_NONE = {enum: [...CRASH_KINDS, 'none']}
const LABEL_SCHEMA = {
  type: 'object',
  required: ['id', 'file', 'kinds', 'primary', 'crashes', 'rootCause'],
  properties: {
    id: {type: 'string'},
    file: {type: 'string'},
    kinds: {type: 'array', minItems: 1, items: KIND_OR_NONE},
    primary: KIND_OR_NONE,
    crashes: {type: 'integer', minimum: 0},
    rootCause: {type: ['string', 'null']},
    topFrames: {type: 'array', items: {type: 'string'}},
  },
} as const

const LABEL_DEFAULTS = {topFrames: [], system: 'unknown', component: null, runtime: 'unknown', format: 'unknown', source: ''}

function badLabel(file: string, line: number, what: string): InputError {
  return new InputError('input-bad-label', file, `${file}:${line}: ${what}`, 'fix that line of labels.jsonl (schema in README.md)')
}

/** Reads <dir>/labels.jsonl; a bad line is named with its line number. */
export async function readLabels(dir: string): Promise<LabelledCase[]> {
  const file = path.join(dir, 'labels.jsonl')
  const text = await readFile(file, 'utf8')
  const validate = new Ajv({allErrors: true}).compile(LABEL_SCHEMA)
  const cases: LabelledCase[] = []
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue
    let data: unknown
    try {
      data = JSON.parse(line)
    } catch {
      throw badLabel(file, i + 1, 'not JSON')
    }
    if (!validate(data)) throw badLabel(file, i + 1, validate.errors?.map((e) => `${e.instancePath} ${e.message}`).join('; ') ?? 'invalid')
    const label = data as Partial<LabelledCase> & Pick<LabelledCase, 'id' | 'file' | 'kinds' | 'primary' | 'crashes' | 'rootCause'>
    cases.push({...LABEL_DEFAULTS, ...label, path: path.join(dir, label.file)})
  }
  return cases
}
