import path from 'node:path'
import {Flags} from '@oclif/core'

/** `--rules DIR` (repeatable): users' rule directories, added to and overriding the built-in library. */
export const rulesFlag = Flags.string({
  description: 'a directory (or file) of your own rules (YAML); may be repeated; also STORCTL_RULES (path-separated)',
  multiple: true,
})

/** The users' rule directories: STORCTL_RULES, then the flags, so that the command line wins. */
export function ruleDirs(flagDirs: readonly string[] | undefined, env: {STORCTL_RULES?: string} = process.env): string[] {
  const fromEnv = (env.STORCTL_RULES ?? '').split(path.delimiter).filter((d) => d.trim() !== '')
  return [...fromEnv, ...(flagDirs ?? [])]
}
