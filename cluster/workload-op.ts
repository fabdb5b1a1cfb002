import type {ClusterSpec, NodeSpec} from './spec.js'

/** What a flavour's workload operation may use: the plan and a token-carrying RPC. */
export interface WorkloadContext {
  spec: ClusterSpec
  call(node: NodeSpec, route: string, body?: unknown): Promise<unknown>
}

/** One put or get against one flavour's nodes; `seq` counts operations (even: put, odd: get of an earlier key). */
export type WorkloadOp = (ctx: WorkloadContext, seq: number) => Promise<void>
