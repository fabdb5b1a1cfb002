import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {ROOT, STACK_LINE, storctl} from '../helpers/cli.js'
import {buildSampleStore, MASTER_RULE} from '../helpers/monitor-fixture.js'

const TMUX = '/usr/bin/tmux'
const SOCKET = `storctl-test-${process.pid}`
const hasTmux = existsSync(TMUX)
let db: string

const tmux = (...args: string[]): string => execFileSync(TMUX, ['-L', SOCKET, ...args], {encoding: 'utf8'})
const screen = (pane: string): string => tmux('capture-pane', '-p', '-t', pane)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function waitFor(pane: string, check: (text: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const text = screen(pane)
    if (check(text)) return text
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${text}`)
    await sleep(50)
  }
}

/**
 * Starts the built monitor in a detached 100x30 session; the pane says EXITED <status> when it ends.
 * CI=true as a CI job or a user's shell may export it: the monitor must still draw every frame.
 */
async function startMonitor(name: string): Promise<string> {
  const command = `CI=true ${process.execPath} ${path.join(ROOT, 'cli/bin/run.js')} monitor --db ${db} 2>/dev/null; echo EXITED $?; sleep 60`
  tmux('new-session', '-d', '-s', name, '-x', '100', '-y', '30', command)
  await waitFor(name, (t) => t.includes('storctl monitor'), 'the first frame')
  return name
}

const keys = (pane: string, ...k: string[]) => tmux('send-keys', '-t', pane, ...k)
const flag = (pane: string, format: string): string => tmux('display-message', '-p', '-t', pane, format).trim()

beforeAll(async () => {
  if (!hasTmux) return
  db = await buildSampleStore(path.join(mkdtempSync(path.join(tmpdir(), 'storctl-monitor-e2e-')), 'storctl.db'))
})

afterAll(() => {
  if (hasTmux) spawnSync(TMUX, ['-L', SOCKET, 'kill-server'])
})

if (!hasTmux) console.warn('monitor tmux e2e skipped: /usr/bin/tmux is not installed (apt-get install tmux)')

describe.skipIf(!hasTmux)('storctl monitor in tmux', () => {
  test('a crash\'s rule shows in the detail view; the logs filter narrows; q exits with the terminal restored', async () => {
    const pane = await startMonitor('main')
    expect(flag(pane, '#{alternate_on}')).toBe('1')

    keys(pane, ':crashes', 'Enter')
    await waitFor(pane, (t) => t.includes('RULE') && t.includes(MASTER_RULE), 'the Crashes view')
    keys(pane, '/', 'master1', 'Enter')
    await waitFor(pane, (t) => !t.includes('datanode1'), 'the crash filter')
    keys(pane, 'Enter')
    await waitFor(pane, (t) => t.includes(`rule: ${MASTER_RULE}`) && t.includes('evidence'), 'the crash detail')

    keys(pane, 'Escape')
    keys(pane, ':logs', 'Enter')
    const all = await waitFor(pane, (t) => t.includes('following'), 'the Logs view')
    expect(all).toMatch(/datanode2 +WARN +evil \\x1b\[2J/)
    keys(pane, '/', 'evil')
    const filtered = await waitFor(pane, (t) => t.includes('1 shown'), 'the logs filter')
    expect(filtered).toContain('evil \\x1b[2J\\x1b]0;pwned\\x07 title \\u{202e} reversed')
    expect(filtered.split('\n').filter((l) => /^\d\d:\d\d:\d\d|^- /.test(l))).toHaveLength(1)

    keys(pane, 'Enter', 'q')
    const after = await waitFor(pane, (t) => t.includes('EXITED'), 'the exit')
    expect(after).toContain('EXITED 0')
    expect(after).not.toContain('storctl monitor')
    expect(flag(pane, '#{alternate_on}')).toBe('0')
    expect(flag(pane, '#{cursor_flag}')).toBe('1')
  })

  test('ctrl-c exits with status 0 and leaves the alternate screen', async () => {
    const pane = await startMonitor('ctrlc')
    keys(pane, 'C-c')
    await waitFor(pane, (t) => t.includes('EXITED 0'), 'the exit')
    expect(flag(pane, '#{alternate_on}')).toBe('0')
  })

  test('a resize to 80x24 redraws within the new width', async () => {
    const pane = await startMonitor('resize')
    tmux('resize-window', '-t', pane, '-x', '80', '-y', '24')
    const text = await waitFor(pane, (t) => t.includes('LAST CRASH') && t.split('\n').some((l) => l.startsWith('master1') && l.trimEnd().endsWith('…')), 'the 80-column redraw')
    expect(text).toContain('master1')
    keys(pane, 'q')
    await waitFor(pane, (t) => t.includes('EXITED 0'), 'the exit')
  })
})

describe('storctl monitor without a terminal', () => {
  test('fails at once with not-a-terminal and a usage exit status, no stack', () => {
    const r = storctl(['monitor', '--db', path.join(tmpdir(), 'no-such-store.db')])
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('not-a-terminal')
    expect(r.stderr).not.toMatch(STACK_LINE)
  })
})
