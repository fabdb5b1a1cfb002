import {readFileSync} from 'node:fs'
import path from 'node:path'
import {Ajv, type ValidateFunction} from 'ajv'
import {parse} from 'yaml'
import {CRASH_KINDS, type CrashKind} from '../model.js'
import {packageRoot} from '../package-root.js'
import {snapshotData} from '../rules/snapshot.js'

/** What to tell an on-call engineer about a kind of crash when no known root cause applies. */
export interface KindGuidance {
  kind: CrashKind
  title: string
  rootCause: string
  remediation: string[]
  references: string[]
}

const GUIDANCE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['kind', 'title', 'rootCause', 'remediation', 'references'],
  properties: {
    kind: {enum: [...CRASH_KINDS]},
    title: {type: 'string', minLength: 1},
    rootCause: {type: 'string', minLength: 1},
    remediation: {type: 'array', minItems: 1, items: {type: 'string', minLength: 1}},
    references: {type: 'array', items: {type: 'string', pattern: '^https://'}},
  },
} as const

let cached: Map<CrashKind, KindGuidance> | null = null

/** Loads rules/kinds/<kind>.yaml for every kind; a bad file is a bug in the package, named. */
export function loadKindGuidance(dir = path.join(packageRoot(), 'rules', 'kinds')): Map<CrashKind, KindGuidance> {
  if (cached) return cached
  let validate: ValidateFunction<KindGuidance> | null = null
  const guidance = new Map<CrashKind, KindGuidance>()
  for (const kind of CRASH_KINDS) {
    const file = path.join(dir, `${kind}.yaml`)
    const text = readFileSync(file, 'utf8')
    const checked = snapshotData(file, text) as KindGuidance | undefined
    if (checked !== undefined) {
      guidance.set(kind, checked)
      continue
    }
    validate ??= new Ajv({allErrors: true}).compile<KindGuidance>(GUIDANCE_SCHEMA)
    const data: unknown = parse(text)
    if (!validate(data)) throw new Error(`${file}: ${validate.errors?.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`)
    if (data.kind !== kind) throw new Error(`${file}: kind ${data.kind} does not match the file name`)
    guidance.set(kind, data)
  }
  cached = guidance
  return guidance
}
