import type {FaultOutcome, FaultScenario, StopResult} from '../../cluster/index.js'
import type {ClusterStatus} from '../services/status.js'
import type {UpResult} from '../services/up.js'
import {renderTable} from './render-store.js'
import type {TextStyle} from './render-text.js'

const PLAIN: TextStyle = {color: false}
const orDash = (v: string | number | null | undefined): string => (v === null || v === undefined ? '-' : String(v))

function duration(ms: number | null): string {
  if (ms === null) return '-'
  const s = Math.floor(ms / 1000)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, '0')}m`
}

export function renderInventory(result: UpResult): string {
  const rows = result.nodes.map((n) => [n.id, n.role, n.flavour, `127.0.0.1:${n.port}`, orDash(n.pid), n.health, n.log])
  const moved = result.movedPorts.map((m) => `port ${m.from} of ${m.node} was taken: it now uses ${m.to}`)
  return [
    `cluster ${result.created ? 'created and started' : 'started'} in ${result.dir} (${(result.startMs / 1000).toFixed(1)} s to healthy)${result.fixed ? ', remediated code paths (--fixed)' : ''}`,
    ...moved,
    '',
    renderTable(['NODE', 'ROLE', 'FLAVOUR', 'ADDRESS', 'PID', 'HEALTH', 'LOG'], rows, PLAIN),
    '',
    `supervisor pid ${result.supervisorPid}; cores: ${result.cores}; store: ${result.db}`,
    'next: storctl status | storctl fault list | storctl fault inject <scenario> | storctl crashes | storctl down',
  ].join('\n')
}

function exitText(e: ClusterStatus['nodes'][number]['lastExit']): string {
  return e ? `${e.signal ?? `code ${e.code}`} at ${e.at.slice(11, 19)}` : '-'
}

export function renderStatus(status: ClusterStatus, style: TextStyle): string {
  const rows = status.nodes.map((n) => [
    n.id, n.role, String(n.port), orDash(n.pid), n.health, duration(n.uptimeMs), String(n.restarts), exitText(n.lastExit),
    n.lastCrash ? `#${n.lastCrash.id} ${n.lastCrash.kind} ${n.lastCrash.rule ?? '(unknown cause)'}` : '-',
  ])
  const head = status.running
    ? `cluster ${status.dir}: running (supervisor pid ${status.supervisorPid})${status.fixed ? ', --fixed' : ''}${status.workload ? `; workload ${status.workload.rate}/s, ${status.workload.ops} ops, ${status.workload.errors} errors` : ''}`
    : `cluster ${status.dir}: stopped (storctl up --dir ${status.dir} starts it again)`
  return [head, '', renderTable(['NODE', 'ROLE', 'PORT', 'PID', 'HEALTH', 'UPTIME', 'RESTARTS', 'LAST EXIT', 'LAST CRASH'], rows, style)].join('\n')
}

export function renderStop(result: StopResult): string {
  const what = result.supervisorStopped ? 'cluster stopped' : 'no supervisor was running'
  const killed = result.killed.length > 0 ? `; killed ${result.killed.length} leftover node process(es): ${result.killed.join(', ')}` : ''
  return `${what} in ${result.dir}${killed}${result.purged ? '; directory removed' : ''}`
}

export function renderScenarios(scenarios: readonly FaultScenario[]): string {
  return scenarios.map((s) => [
    `${s.id}  (${s.roles.join('/')})${s.rootCause ? `  -> ${s.rootCause}` : ''}`,
    `  ${s.title}`,
    `  mechanism: ${s.mechanism}`,
    `  --fixed:   ${s.fixed}`,
  ].join('\n')).join('\n\n')
}

export function renderFaultOutcome(o: FaultOutcome): string {
  const lines: Record<FaultOutcome['result'], string> = {
    crashed: `${o.scenario} on ${o.node}: ${o.detail}. The supervisor restarts it; see the diagnosis with: storctl crashes --node ${o.node}`,
    killed: `${o.scenario} on ${o.node}: ${o.detail}. The supervisor restarts it.`,
    survived: `${o.scenario} on ${o.node} (fixed): survived: ${o.detail}`,
    'no-change': `${o.scenario} on ${o.node}: nothing happened in time (${o.detail}); check storctl status and the node's log`,
  }
  return lines[o.result]
}
