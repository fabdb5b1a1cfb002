import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import {afterAll, beforeAll, describe, expect, test} from 'vitest'
import {pidAlive} from '../../cluster/pid.js'
import {FAULT_SCENARIOS} from '../../cluster/faults.js'
import type {ClusterState} from '../../cluster/state.js'
import {storctl, STACK_LINE} from '../helpers/cli.js'

// One cluster for the whole file: up --detach, the seed scenarios crash their nodes, down; then the
// same cluster with --fixed, where the same scenarios are survived.
const dir = mkdtempSync(path.join(tmpdir(), 'storctl-up-'))
const TOPOLOGY = ['--masters', '3', '--datanodes', '2', '--replicas', '2', '--rate', '30']
const seen = new Set<number>()
const SEEDS = FAULT_SCENARIOS.filter((s) => s.rootCause !== null)
// Spread over nodes so a restarting node never receives the next scenario; the snapshot race runs
// on whichever master is a follower (storctl picks one).
const TARGET: Record<string, string | undefined> = {
  'master-shutdown-race': undefined, 'snapshot-read-race': undefined, 'wal-io-error': 'datanode1',
  'tcmalloc-mismatch': 'replica1', 'bulkload-clear-race': 'replica2',
}
const nodeFlag = (scenario: string) => (TARGET[scenario] ? ['--node', TARGET[scenario]!] : [])

function state(): ClusterState {
  return JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as ClusterState
}

/** Every pid this cluster ever had, so that afterAll can prove none is left. */
function remember(): void {
  const s = state()
  seen.add(s.supervisorPid)
  for (const n of s.nodes) {
    if (n.pid) seen.add(n.pid)
    if (n.lastExit) seen.add(n.lastExit.pid)
  }
}

const json = (args: string[]) => {
  const run = storctl([...args, '--dir', dir, '--json'], {env: {STORCTL_NODE_MEM_LIMIT_MB: '48'}})
  expect(run.stderr).not.toMatch(STACK_LINE)
  return {...run, value: run.stdout ? JSON.parse(run.stdout) : null}
}

async function until<T>(what: string, probe: () => T | null | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

function crashRules(): {rule: string | null; node: string | null}[] {
  const run = storctl(['crashes', '--dir', dir, '--json', '--limit', '200'])
  return run.status === 0 ? (JSON.parse(run.stdout) as {crashes: {rule: string | null; node: string | null}[]}).crashes : []
}

afterAll(() => {
  storctl(['down', '--dir', dir, '--purge'])
  for (const pid of seen) if (pidAlive(pid)) process.kill(pid, 'SIGKILL')
  rmSync(dir, {recursive: true, force: true})
}, 60_000)

describe('the reference cluster, unfixed: each seed scenario crashes its node with the known root cause', () => {
  beforeAll(() => {
    const up = json(['up', '--detach', ...TOPOLOGY])
    expect(up.status, up.stderr).toBe(0)
    remember()
  }, 60_000)

  test('up starts every node healthy, each its own process on 127.0.0.1', () => {
    const status = json(['status'])
    expect(status.status).toBe(0)
    const nodes = status.value.nodes as {id: string; pid: number; health: string; port: number}[]
    expect(nodes.map((n) => n.id)).toEqual(['master1', 'master2', 'master3', 'datanode1', 'datanode2', 'meta1', 'replica1', 'replica2'])
    expect(nodes.every((n) => n.health === 'healthy' && pidAlive(n.pid))).toBe(true)
    expect(new Set(nodes.map((n) => n.pid)).size).toBe(nodes.length)
  })

  test('a second up on the running cluster says so (exit 4)', () => {
    const again = storctl(['up', '--detach', '--dir', dir, ...TOPOLOGY])
    expect(again.status).toBe(4)
    expect(again.stderr).toMatch(/already running/)
  })

  test.each(SEEDS.map((s) => [s.id, s.rootCause] as const))('%s: the crash is stored with rule %s within 10 s', async (scenario, rule) => {
    const fault = json(['fault', 'inject', scenario, ...nodeFlag(scenario)])
    expect(fault.status, fault.stderr).toBe(0)
    expect(fault.value.result).toBe('crashed')
    remember()
    const injectedAt = Date.now()
    await until(`a stored crash with rule ${rule}`, () => crashRules().find((c) => c.rule === rule && c.node === fault.value.node), 10_000)
    expect(Date.now() - injectedAt).toBeLessThan(10_000)
    const status = json(['status']).value as {nodes: {id: string; lastCrash: {rule: string | null} | null}[]}
    expect(status.nodes.find((n) => n.id === fault.value.node)?.lastCrash?.rule).toBe(rule)
  }, 30_000)

  test('kill: the supervisor records the SIGKILL in the store and restarts the node', async () => {
    const fault = json(['fault', 'inject', 'kill', '--node', 'datanode2'])
    expect(fault.value.result).toBe('killed')
    await until('datanode2 restarted and healthy', () => state().nodes.find((n) => n.id === 'datanode2' && n.restarts >= 1 && n.health === 'healthy'), 10_000)
    remember()
    const db = new Database(path.join(dir, 'storctl.db'), {readonly: true})
    try {
      const exit = db.prepare("SELECT signal FROM node_events WHERE node = 'datanode2' AND event = 'exit'").pluck().all()
      expect(exit).toContain('SIGKILL')
    } finally {
      db.close()
    }
  }, 30_000)

  test('down leaves no process of the cluster behind', async () => {
    remember()
    const down = json(['down'])
    expect(down.status).toBe(0)
    expect([...seen].filter(pidAlive)).toEqual([])
  }, 30_000)
})

describe('the same cluster with --fixed: the remediated paths survive the same scenarios', () => {
  beforeAll(() => {
    const up = json(['up', '--detach', '--fixed', ...TOPOLOGY])
    expect(up.status, up.stderr).toBe(0)
    remember()
  }, 60_000)

  test.each(SEEDS.map((s) => [s.id] as const))('%s: no crash, the node stays healthy', async (scenario) => {
    const before = crashRules().length
    const fault = json(['fault', 'inject', scenario, ...nodeFlag(scenario)])
    expect(fault.status, fault.stderr).toBe(0)
    expect(fault.value.result).toBe('survived')
    const node = state().nodes.find((n) => n.id === fault.value.node)
    expect(node?.health).toBe('healthy')
    expect(node?.lastExit).toBeNull()
    await new Promise((r) => setTimeout(r, 500))
    expect(crashRules().length).toBe(before)
  }, 30_000)

  test('down --purge stops everything and removes the directory', () => {
    remember()
    const down = json(['down', '--purge'])
    expect(down.status).toBe(0)
    expect([...seen].filter(pidAlive)).toEqual([])
  }, 30_000)
})
