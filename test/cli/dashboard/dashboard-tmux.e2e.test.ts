import {spawnSync} from 'node:child_process'
import {existsSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {ROOT, STACK_LINE, storctl} from '../../helpers/cli.js'
import {fixtureStore, type FixtureStore} from './fixture-store.js'

const TMUX = '/usr/bin/tmux'
const SOCKET = `storctl-dash-${process.pid}`
const TITLES = ['lines/s per node', 'crash kinds', 'known vs unknown', 'nodes', 'recent crashes', 'log tail']

const tmux = (...args: string[]) => spawnSync(TMUX, ['-L', SOCKET, ...args], {encoding: 'utf8'})
const screenText = () => tmux('capture-pane', '-p', '-t', 'dash').stdout

/** Polls the pane until `done` holds (the CLI starts in about a second). */
async function waitFor(done: (text: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const text = screenText()
    if (done(text)) return text
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the pane shows:\n${text}`)
    await sleep(100)
  }
}

/** Runs storctl dashboard in a detached 80x24 tmux pane (status bar off), then the exit status. */
function startDashboard(store: FixtureStore): void {
  const conf = path.join(store.dir, 'tmux.conf')
  writeFileSync(conf, 'set -g status off\n')
  const cli = `${process.execPath} ${path.join(ROOT, 'cli/bin/run.js')} dashboard --db ${store.db} --refresh-ms 100`
  const r = tmux('-f', conf, 'new-session', '-d', '-s', 'dash', '-x', '80', '-y', '24', `${cli} 2>&1; echo "EXIT:$?"; sleep 60`)
  expect(r.status, r.stderr).toBe(0)
}

describe.skipIf(!existsSync(TMUX))('storctl dashboard in a real terminal (tmux)', () => {
  let store: FixtureStore
  beforeAll(async () => { store = await fixtureStore() })
  afterAll(() => {
    tmux('kill-server')
    store.remove()
  })

  test('80x24: every widget and the stored crash kinds; a new crash shows up; resize; q restores the terminal', async () => {
    startDashboard(store)
    try {
      const first = await waitFor((t) => t.includes('log tail'), 'the dashboard')
      const lines = first.trimEnd().split('\n')
      expect(lines.length).toBeLessThanOrEqual(24)
      expect(lines.every((l) => [...l].length <= 80)).toBe(true)
      for (const title of TITLES) expect(first).toContain(title)
      expect(first).toMatch(/sigsegv|sigse…/)
      expect(first).toContain('crash kinds (3)')

      await store.ingest('cpp-replica-glog-check-failed.log')
      await waitFor((t) => t.includes('crash kinds (4)'), 'the new crash')

      tmux('resize-window', '-t', 'dash', '-x', '120', '-y', '36')
      const wide = await waitFor((t) => t.split('\n').some((l) => l.includes('lines/s per node') && [...l.trimEnd()].length > 100), 'the re-layout')
      for (const title of TITLES) expect(wide).toContain(title)

      tmux('send-keys', '-t', 'dash', 'q')
      const after = await waitFor((t) => t.includes('EXIT:0'), 'the exit')
      expect(after).not.toContain('lines/s per node')
    } finally {
      tmux('kill-session', '-t', 'dash')
    }
  })

  test('Ctrl-C quits with status 0 and leaves the normal screen', async () => {
    startDashboard(store)
    try {
      await waitFor((t) => t.includes('log tail'), 'the dashboard')
      tmux('send-keys', '-t', 'dash', 'C-c')
      const after = await waitFor((t) => t.includes('EXIT:'), 'the exit')
      expect(after).toContain('EXIT:0')
      expect(after).not.toContain('recent crashes')
    } finally {
      tmux('kill-session', '-t', 'dash')
    }
  })
})

test('without a terminal: one line, code not-a-terminal, exit 2, no hang and no stack', () => {
  const r = storctl(['dashboard', '--db', path.join(ROOT, 'nowhere.db')])
  expect(r.status).toBe(2)
  expect(r.stderr).toContain('not-a-terminal')
  expect(r.stderr).not.toMatch(STACK_LINE)
  expect(r.stdout).toBe('')
})
