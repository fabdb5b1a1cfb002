// A reference-cluster node: `node dist/cluster/nodes/main.js --dir DIR --node ID` (started by the supervisor).
import {runNode, type NodeProgram} from '../node/runtime.js'
import {readSpec} from '../spec.js'
import {clusterPaths} from '../layout.js'
import {createDatanode} from './cubefs/datanode.js'
import {createMaster} from './cubefs/master.js'
import {createMetaServer} from './pegasus/meta.js'
import {createReplicaServer} from './pegasus/replica.js'
import type {NodeRole} from '../spec.js'

const PROGRAMS: Record<NodeRole, () => NodeProgram> = {
  master: createMaster,
  datanode: createDatanode,
  meta: createMetaServer,
  replica: createReplicaServer,
}

const argv = process.argv.slice(2)
const dir = argv[argv.indexOf('--dir') + 1] ?? '.'
const id = argv[argv.indexOf('--node') + 1] ?? ''
const self = readSpec(clusterPaths(dir).spec).nodes.find((n) => n.id === id)
if (!self) {
  process.stderr.write(`storctl node: ${id} is not a node of the cluster in ${dir}\n`)
  process.exitCode = 2
} else {
  await runNode(PROGRAMS[self.role](), argv)
}
