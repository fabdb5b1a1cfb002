import {cubefsWorkloadOp} from './nodes/cubefs/workload.js'
import {pegasusWorkloadOp} from './nodes/pegasus/workload.js'
import type {Flavour} from './spec.js'
import type {WorkloadOp} from './workload-op.js'

/** Each flavour's put/get operation, for the workload driver. */
export const WORKLOAD_OPS: Record<Flavour, WorkloadOp> = {cubefs: cubefsWorkloadOp, pegasus: pegasusWorkloadOp}
