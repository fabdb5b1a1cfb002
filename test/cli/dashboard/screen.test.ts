import {PassThrough} from 'node:stream'
import {describe, expect, test} from 'vitest'
import {openDashboardScreen} from '../../../cli/ui/dashboard/blessed/screen.js'
import {buildDashboardView, type DashboardInput} from '../../../cli/ui/dashboard/view-model.js'

const INPUT: DashboardInput = {
  windowSeconds: 60,
  window: {firstSecond: 1_795_000_000 - 59, lastSecond: 1_795_000_000},
  rates: [{node: 'node-1', second: 1_795_000_000, lines: 40}, {node: 'node-2', second: 1_794_999_990, lines: 12}],
  kinds: [{kind: 'sigsegv', crashes: 2, known: 1}, {kind: 'panic', crashes: 1, known: 0}],
  recent: [{id: 3, ts: 1_795_000_000_000, node: 'node-1', kind: 'sigsegv', rule: 'cubefs-master-shutdown-rocksdb-race', confidence: 1}],
  nodes: [{node: 'node-1', role: null, health: null, uptimeMs: null, restarts: null, lines: 40, lastLineTs: 1_795_000_000_000, crashes: 2, lastCrash: {kind: 'sigsegv', ts: 1_795_000_000_000}}],
  tail: [{node: 'node-1', lineNo: 9, ts: 1_795_000_000_000, level: 'INFO', text: 'evil \u001b[2J{red-fg}text'}],
}

/** A terminal of the given size that records what blessed writes to it. */
function fakeTerminal(columns: number, rows: number) {
  const output = Object.assign(new PassThrough(), {columns, rows, isTTY: true})
  const input = Object.assign(new PassThrough(), {isTTY: true, setRawMode: () => input})
  let drawn = ''
  output.on('data', (chunk: Buffer) => { drawn += chunk.toString('utf8') })
  return {input, output, raw: () => drawn, resize(c: number, r: number) { Object.assign(output, {columns: c, rows: r}); output.emit('resize') }}
}

/** Blessed flushes its output on the next tick; 'open' unless the screen failed meanwhile. */
const settled = () => new Promise<string>((resolve) => setTimeout(() => resolve('open'), 20))

describe('the blessed dashboard screen', () => {
  for (const [columns, rows] of [[80, 24], [80, 23], [100, 30], [200, 60]] as const) {
    test(`draws every widget's title and the crash kinds at ${columns}x${rows}`, async () => {
      const term = fakeTerminal(columns, rows)
      const screen = openDashboardScreen({input: term.input, output: term.output, terminal: 'xterm-256color'})
      try {
        screen.show(buildDashboardView(INPUT))
        await expect(Promise.race([screen.closed.then(() => 'closed'), settled()])).resolves.toBe('open')
        const text = screen.snapshot()
        for (const title of ['lines/s per node', 'crash kinds', 'known vs unknown', 'nodes', 'recent crashes', 'log tail']) expect(text).toContain(title)
        expect(text).toContain('sigsegv')
        expect(text).toContain('evil \\x1b[2J{red-fg}text')
      } finally {
        screen.close()
      }
    })
  }

  test('an empty store (no lines, no crashes) draws every widget at 80x24', async () => {
    const term = fakeTerminal(80, 24)
    const screen = openDashboardScreen({input: term.input, output: term.output, terminal: 'xterm-256color'})
    try {
      screen.show(buildDashboardView({windowSeconds: 60, window: null, rates: [], kinds: [], recent: [], nodes: [], tail: []}))
      await expect(Promise.race([screen.closed.then(() => 'closed'), settled()])).resolves.toBe('open')
      expect(screen.snapshot()).toContain('crash kinds (0)')
      expect(screen.snapshot()).toContain('known vs unknown 0/0')
    } finally {
      screen.close()
    }
  })

  test('a resize re-lays the widgets out for the new size, with the last view', async () => {
    const term = fakeTerminal(80, 24)
    const screen = openDashboardScreen({input: term.input, output: term.output, terminal: 'xterm-256color'})
    try {
      screen.show(buildDashboardView(INPUT))
      term.resize(132, 40)
      await settled()
      const lines = screen.snapshot().split('\n')
      expect(lines).toHaveLength(40)
      expect(lines[0]).toMatch(/^┌─ lines\/s per node .*┐$/)
      expect([...lines[0]!]).toHaveLength(132)
      expect(lines.join('\n')).toContain('known vs unknown 1/3')
    } finally {
      screen.close()
    }
  })

  test('q quits: closed resolves and the alternate screen is left', async () => {
    const term = fakeTerminal(80, 24)
    const screen = openDashboardScreen({input: term.input, output: term.output, terminal: 'xterm-256color'})
    term.input.write('q')
    await expect(screen.closed).resolves.toBeUndefined()
    await settled()
    expect(term.raw()).toContain('\u001b[?1049l')
  })

  test('a drawing failure restores the terminal, then rejects closed with the error', async () => {
    const term = fakeTerminal(80, 24)
    const screen = openDashboardScreen({input: term.input, output: term.output, terminal: 'xterm-256color'})
    const broken = {...buildDashboardView(INPUT), tail: null} as unknown as ReturnType<typeof buildDashboardView>
    screen.show(broken)
    await expect(screen.closed).rejects.toThrow(TypeError)
    await settled()
    expect(term.raw()).toContain('\u001b[?1049l')
  })
})
