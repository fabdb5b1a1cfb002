import {setTimeout as sleep} from 'node:timers/promises'
import {ClusterError} from './errors.js'
import {FAULT_SCENARIOS, findScenario, type FaultScenario} from './faults.js'
import {callNode} from './node/rpc.js'
import {openRunningCluster} from './open-cluster.js'
import {readState, type NodeExit, type NodeState} from './state.js'

export interface FaultOutcome {
  scenario: string
  node: string
  fixed: boolean
  /** crashed: the node died (the supervisor restarts it); survived: the fixed path ran; killed: SIGKILL delivered. */
  result: 'crashed' | 'survived' | 'killed' | 'no-change'
  detail: string
  exit: NodeExit | null
}

export interface InjectOptions {
  node?: string
  /** Run the remediated path (default: the cluster's --fixed). */
  fixed?: boolean
  /** How long to wait for the node to die or report it survived. */
  waitMs?: number
}

function targetNode(scenario: FaultScenario, nodes: readonly NodeState[], wanted: string | undefined): NodeState {
  if (wanted !== undefined) {
    const node = nodes.find((n) => n.id === wanted)
    if (!node) throw new ClusterError(`no node ${wanted} in this cluster`, 'fault-bad-node', `nodes: ${nodes.map((n) => n.id).join(', ')}`)
    if (!scenario.roles.includes(node.role)) {
      throw new ClusterError(`${scenario.id} runs on ${scenario.roles.join('/')} nodes, not on ${node.id} (${node.role})`, 'fault-bad-node', `pick one of: ${nodes.filter((n) => scenario.roles.includes(n.role)).map((n) => n.id).join(', ') || 'none in this topology'}`)
    }
    return node
  }
  const preferred = (n: NodeState) => !scenario.prefer || n.report?.detail[scenario.prefer.detail] === scenario.prefer.value
  const candidates = scenario.roles.flatMap((role) => nodes.filter((n) => n.role === role))
  const node = candidates.find((n) => n.health === 'healthy' && preferred(n)) ?? candidates.find((n) => n.health === 'healthy') ?? candidates[0]
  if (!node) throw new ClusterError(`no ${scenario.roles.join('/')} node in this cluster for ${scenario.id}`, 'fault-bad-node', 'start a cluster with that role (storctl up --help)')
  return node
}

/** Drives one node through a scenario and waits for what happened to it. */
export async function injectFault(dir: string, scenarioId: string, options: InjectOptions = {}): Promise<FaultOutcome> {
  const cluster = openRunningCluster(dir)
  const scenario = findScenario(scenarioId)
  if (!scenario) throw new ClusterError(`no fault scenario ${scenarioId}`, 'fault-unknown', `scenarios: ${FAULT_SCENARIOS.map((s) => s.id).join(', ')}`)
  const node = targetNode(scenario, cluster.state.nodes, options.node)
  if (node.pid === null) throw new ClusterError(`${node.id} is not running (${node.health})`, 'fault-node-down', 'wait for the supervisor to restart it: storctl status')
  const fixed = options.fixed ?? cluster.spec.fixed
  const since = new Date().toISOString()
  const pid = node.pid
  let started: string
  if (scenario.external) {
    process.kill(pid, 'SIGKILL')
    started = `SIGKILL sent to ${node.id} (pid ${pid})`
  } else {
    const answer = await callNode(node.port, '/fault', {scenario: scenario.id, fixed}, {token: cluster.token, timeoutMs: 3000}) as {started?: string}
    started = answer.started ?? scenario.mechanism
  }
  const outcome = await awaitOutcome(cluster.paths.state, node.id, {pid, since, scenario: scenario.id, waitMs: options.waitMs ?? 15_000})
  const result = outcome.exit && scenario.external ? 'killed' : outcome.result
  return {scenario: scenario.id, node: node.id, fixed, result, detail: outcome.detail ?? started, exit: outcome.exit}
}

async function awaitOutcome(stateFile: string, nodeId: string, watch: {pid: number; since: string; scenario: string; waitMs: number}) {
  const deadline = Date.now() + watch.waitMs
  while (Date.now() < deadline) {
    const node = readState(stateFile)?.nodes.find((n) => n.id === nodeId)
    if (node?.lastExit && node.lastExit.pid === watch.pid) {
      const how = node.lastExit.signal ?? `exit status ${node.lastExit.code}`
      return {result: 'crashed' as const, exit: node.lastExit, detail: `${nodeId} (pid ${watch.pid}) died: ${how}`}
    }
    const survived = node?.report?.survived.find((s) => s.scenario === watch.scenario && s.at >= watch.since)
    if (survived) return {result: 'survived' as const, exit: null, detail: survived.detail}
    await sleep(100)
  }
  return {result: 'no-change' as const, exit: null, detail: null}
}
