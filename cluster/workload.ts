import {callNode} from './node/rpc.js'
import type {ClusterSpec} from './spec.js'
import type {WorkloadContext, WorkloadOp} from './workload-op.js'

const TICK_MS = 100
/** Operations allowed in flight: a slow or dead node must not pile requests up. */
const MAX_IN_FLIGHT = 32

export interface WorkloadStats {
  rate: number
  ops: number
  errors: number
}

/** Keeps put/get traffic flowing through the flavours' operations at `spec.workloadRate` per second. */
export function startWorkload(spec: ClusterSpec, token: string, ops: readonly WorkloadOp[], stats: WorkloadStats): {stop(): void} {
  const ctx: WorkloadContext = {spec, call: (node, route, body) => callNode(node.port, route, body, {token, timeoutMs: 1000})}
  let seq = 0
  let inFlight = 0
  let credit = 0
  const timer = setInterval(() => {
    if (ops.length === 0 || spec.workloadRate <= 0) return
    credit += (spec.workloadRate * TICK_MS) / 1000
    while (credit >= 1 && inFlight < MAX_IN_FLIGHT) {
      credit -= 1
      const n = seq++
      const op = ops[n % ops.length] as WorkloadOp
      inFlight++
      op(ctx, Math.floor(n / ops.length))
        .then(() => stats.ops++, () => stats.errors++)
        .finally(() => inFlight--)
    }
    credit = Math.min(credit, spec.workloadRate)
  }, TICK_MS)
  return {stop: () => clearInterval(timer)}
}
