import {spawn, type ChildProcess} from 'node:child_process'
import {closeSync, existsSync, openSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {nodeDataDir, nodeLogPath, type ClusterPaths} from '../layout.js'
import type {NodeSpec} from '../spec.js'

function packageRoot(from: string): string {
  let dir = from
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir)
  return dir
}

/** The compiled node entry point, also when this module runs from source (tests). */
export const NODE_MAIN = path.join(packageRoot(path.dirname(fileURLToPath(import.meta.url))), 'dist', 'cluster', 'nodes', 'main.js')

/**
 * Starts one node as its own OS process (its own process group), stdout and stderr appended to
 * its log file, working in its data directory.
 */
export function spawnNode(paths: ClusterPaths, node: NodeSpec, env: NodeJS.ProcessEnv = {}): ChildProcess {
  const log = openSync(nodeLogPath(paths, node.id), 'a')
  try {
    return spawn(process.execPath, [NODE_MAIN, '--dir', paths.dir, '--node', node.id], {
      cwd: nodeDataDir(paths, node.id),
      stdio: ['ignore', log, log],
      detached: true,
      env: {...process.env, ...env},
    })
  } finally {
    closeSync(log)
  }
}
