import {mkdtempSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {render} from 'ink-testing-library'
import {createElement} from 'react'
import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest'
import {openStoreForWrite} from '../../../analyzer/store/open-store.js'
import type {ClusterNodesView} from '../../../cli/services/monitor-model.js'
import {MonitorSession} from '../../../cli/services/monitor.js'
import {App} from '../../../cli/ui/monitor/App.js'
import {appendLines, buildSampleStore, MASTER_RULE} from '../../helpers/monitor-fixture.js'

const ENTER = '\r'
const ESC = '\u001b'
let dir: string
let db: string
const sessions: MonitorSession[] = []
const apps: {unmount(): void}[] = []

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'storctl-monitor-app-'))
  db = await buildSampleStore(path.join(dir, 'storctl.db'))
})

afterEach(() => {
  for (const a of apps.splice(0)) a.unmount()
  for (const s of sessions.splice(0)) s.close()
})

afterAll(() => undefined)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(check: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

interface Started {
  frame: () => string
  type: (keys: string) => Promise<void>
  faults: [string, string][]
}

async function start(options: {size?: {columns: number; rows: number}; cluster?: ClusterNodesView; store?: string} = {}): Promise<Started> {
  const session = await MonitorSession.open(options.cluster ? {dir, clusterStatus: () => options.cluster!} : {db: options.store ?? db})
  sessions.push(session)
  const faults: [string, string][] = []
  const injectFault = async (scenario: string, node: string) => (faults.push([scenario, node]), `${scenario} on ${node}: crashed`)
  const app = render(createElement(App, {session, refreshMs: 20, injectFault, size: options.size ?? {columns: 100, rows: 30}}))
  apps.push(app)
  const frame = () => app.lastFrame() ?? ''
  // One key per write, with a pause so each is parsed on its own (as typed).
  const type = async (keys: string) => {
    for (const k of keys === ESC || keys === ENTER ? [keys] : [...keys]) {
      app.stdin.write(k)
      await sleep(15)
    }
  }
  await until(() => frame().includes('storctl monitor'), 'the first frame')
  return {frame, type, faults}
}

describe('monitor App on a store of samples', () => {
  test('the Nodes view lists each node with its last crash and rule', async () => {
    const {frame} = await start()
    for (const node of ['master1', 'datanode1', 'datanode2', 'replica1']) expect(frame()).toContain(node)
    expect(frame()).toMatch(/master1 .*sigsegv cubefs-master-shutdown/)
    expect(frame()).toContain('4 nodes')
  })

  test(':crashes lists crash groups; enter shows the diagnosis, evidence, remediation and timeline; esc goes back', async () => {
    const {frame, type} = await start()
    await type(':crashes')
    await type(ENTER)
    await until(() => frame().includes('RULE'), 'the Crashes view')
    expect(frame()).toContain(MASTER_RULE)
    expect(frame()).toMatch(/known/)
    await type('/')
    await type('master1')
    await type(ENTER)
    await until(() => !frame().includes('datanode1'), 'the crash filter')
    await type(ENTER)
    await until(() => frame().includes('timeline') || frame().includes('evidence'), 'the detail view')
    expect(frame()).toContain(`rule: ${MASTER_RULE}`)
    expect(frame()).toContain('evidence')
    await type('G')
    await until(() => frame().includes('raft partition(1)'), 'the end of the timeline')
    await type(ESC)
    await until(() => frame().includes('×1'), 'the Crashes view again')
  })

  test('logs: the / filter narrows the lines; hostile escape sequences are shown as text', async () => {
    const {frame, type} = await start()
    await type(':logs')
    await type(ENTER)
    await until(() => frame().includes('following'), 'the Logs view')
    await type('/')
    await type('evil')
    await until(() => frame().includes('1 shown'), 'the filter')
    expect(frame()).toContain('\\x1b[2J')
    expect(frame()).toContain('\\u{202e}')
    expect(frame()).not.toContain('\u001b]0;pwned')
    expect(frame()).not.toContain('\u202e')
  })

  test('lines stored while it runs stream in; pausing freezes the view and counts what arrived', async () => {
    const {frame, type} = await start()
    await type(':logs')
    await type(ENTER)
    await until(() => frame().includes('following'), 'the Logs view')
    const writer = openStoreForWrite(db)
    try {
      appendLines(writer, 'datanode2', ['streamed line one'])
      await until(() => frame().includes('streamed line one'), 'the streamed line')
      expect(frame()).toContain('+1 lines')
      await type(' ')
      appendLines(writer, 'datanode2', ['streamed line two', 'streamed line three'])
      await until(() => frame().includes('PAUSED (+2 new)'), 'the paused count')
      expect(frame()).not.toContain('streamed line two')
      await type('G')
      await until(() => frame().includes('streamed line three'), 'following again')
    } finally {
      writer.close()
    }
  })

  test('80x24: every line fits in 80 columns and the frame leaves the last row free', async () => {
    const {frame, type} = await start({size: {columns: 80, rows: 24}})
    for (const view of ['nodes', 'crashes', 'logs']) {
      await type(`:${view}`)
      await type(ENTER)
      await until(() => frame().includes(`:${view}`), `the ${view} view`)
      const lines = frame().split('\n')
      expect(lines.length).toBeLessThanOrEqual(23)
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80)
    }
  })

  test('? shows the keys', async () => {
    const {frame, type} = await start()
    await type('?')
    await until(() => frame().includes('switch view'), 'the help')
    expect(frame()).toContain('fault menu')
  })
})

describe('monitor App on the reference cluster', () => {
  const cluster: ClusterNodesView = {
    running: true, fixed: false,
    nodes: [
      {id: 'master1', role: 'master', port: 17010, pid: 4242, health: 'healthy', uptimeMs: 125_000, restarts: 2, lastCrash: null},
      {id: 'datanode1', role: 'datanode', port: 17030, pid: 4343, health: 'backoff', uptimeMs: null, restarts: 0, lastCrash: null},
    ],
  }

  beforeAll(() => writeFileSync(path.join(dir, 'cluster.json'), '{}'))

  test('Nodes merge the cluster (pid, port, health, uptime, restarts) with the store\'s last crash', async () => {
    const {frame} = await start({cluster})
    expect(frame()).toMatch(/master1 +master +4242 +17010 healthy +2m05s +2 /)
    expect(frame()).toMatch(/master1 .*cubefs-master-shutdown/)
    expect(frame()).toMatch(/datanode1 +datanode .*backoff/)
  })

  test('f opens the fault menu; enter asks; y injects on the chosen node and shows the outcome', async () => {
    const {frame, type, faults} = await start({cluster})
    await type('f')
    await until(() => frame().includes('SCENARIO'), 'the fault menu')
    expect(frame()).toContain('master-shutdown-race')
    await type(ENTER)
    await until(() => frame().includes('inject master-shutdown-race on master1? y/N'), 'the confirmation')
    await type('y')
    await until(() => faults.length === 1, 'the injection')
    expect(faults[0]).toEqual(['master-shutdown-race', 'master1'])
    await until(() => frame().includes('master-shutdown-race on master1: crashed'), 'the outcome')
  })
})
