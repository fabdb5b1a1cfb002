import {EventEmitter} from 'node:events'
import {describe, expect, test, vi} from 'vitest'
import type {MonitorSession} from '../../../cli/services/monitor.js'
import {loadMonitorUi} from '../../../cli/ui/monitor/load.js'
import {FakeKeyboard} from '../../helpers/fake-keyboard.js'

class FakeTerminal extends EventEmitter {
  isTTY = true
  columns = 80
  rows = 24
  written = ''
  write = (text: string) => ((this.written += text), true)
}

/** A session whose store reads fail with `error`, or return nothing. */
function session(error: Error | null): MonitorSession {
  const poll = () => {
    if (error) throw error
    return null
  }
  return {file: 'test.db', clusterDir: null, poll, cluster: () => null, crashDetail: () => null, injectFault: async () => ''} as unknown as MonitorSession
}

const LEAVE = '\u001b[?1049l'
// Loaded as the command loads it, with CI set: ink alone would then draw nothing until the exit.
vi.stubEnv('CI', 'true')
const {runMonitor} = await loadMonitorUi()
const ciAfterLoad = process.env.CI

describe('runMonitor', () => {
  test('loading the UI leaves the environment as it was', () => {
    expect(ciAfterLoad).toBe('true')
  })

  test('q: enters the alternate screen, then leaves it and shows the cursor', async () => {
    const stdout = new FakeTerminal()
    const stdin = new FakeKeyboard()
    const done = runMonitor(session(null), {refreshMs: 50, stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream})
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(stdout.written.startsWith('\u001b[?1049h')).toBe(true)
    expect(stdout.written).toContain('storctl monitor')
    stdin.press('q')
    await done
    expect(stdout.written.endsWith(`${LEAVE}\u001b[?25h`)).toBe(true)
  })

  test('a crash while rendering still restores the terminal, and the error reaches the caller', async () => {
    const stdout = new FakeTerminal()
    const run = runMonitor(session(new Error('store exploded')), {refreshMs: 50, stdout: stdout as unknown as NodeJS.WriteStream, stdin: new FakeKeyboard() as unknown as NodeJS.ReadStream})
    await expect(run).rejects.toThrow('store exploded')
    expect(stdout.written.endsWith(`${LEAVE}\u001b[?25h`)).toBe(true)
  })
})
