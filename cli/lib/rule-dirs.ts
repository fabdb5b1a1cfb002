import path from 'node:path'
import {Flags} from '@oclif/core'

/** `--rules DIR` (repeatable): users' rule directories, added to and overriding the built-in library. */
export const rulesFlag = Flags.string({
  description: 'a directory of your own rules (YAML); may be repeated; also STORCTL_RULES (path-separated)',
  multiple: true,
})

/** The users' rule directories: flags first, then STORCTL_RULES. */
export function ruleDirs(flagDirs: readonly string[] | undefined, env = process.env): string[] {
  const fromEnv = (env.STORCTL_RULES ?? '').split(path.delimiter).filter(Boolean)
  return [...(flagDirs ?? []), ...fromEnv]
}
