// snapshot-read-race: this follower is cut off while volumes are created through the leader until
// the leader compacts its log past us; on rejoin the leader sends a snapshot, which we apply in
// steps while the checker and volume reads keep reading the maps being rebuilt.
import {setTimeout as sleep} from 'node:timers/promises'
import {errorText} from './go-crash.js'
import type {MasterServer} from './master.js'

const VOLS = 4
const PARTITIONS_PER_VOL = 24
const WRITERS = 8

export function runSnapshotReadRace(m: MasterServer, fixed: boolean): string {
  if (m.raft.isLeader()) throw new Error(`${m.ctx.self.id} is the raft leader; snapshot-read-race runs on a follower master`)
  if (!m.raft.leaderId) throw new Error(`${m.ctx.self.id} knows no raft leader yet`)
  m.readsWaitForSnapshot = fixed
  drive(m, fixed).catch((error: unknown) => m.log.error('raft.go:230', `action[snapshotReadRace] ${errorText(error)}`))
  return `${m.ctx.self.id} cut off from the other masters while ${VOLS * (PARTITIONS_PER_VOL + 1)} metadata entries commit; it rejoins and gets a snapshot while reads arrive (${fixed ? 'reads wait' : 'reads race the restore'})`
}

function volumeCommands(m: MasterServer): {key: string; value: string}[] {
  const commands: {key: string; value: string}[] = []
  const stamp = Date.now().toString(36)
  for (let v = 1; v <= VOLS; v++) {
    const vol = `vol-${stamp}-${v}`
    commands.push({key: `#vol#${vol}`, value: JSON.stringify({id: v})})
    for (let p = 1; p <= PARTITIONS_PER_VOL; p++) commands.push({key: `#dp#${vol}#${v * 1000 + p}`, value: JSON.stringify([`127.0.0.1:${m.ctx.self.port}`])})
  }
  return commands
}

async function drive(m: MasterServer, fixed: boolean): Promise<void> {
  const {log, raft, fsm} = m
  raft.isolated = true
  log.warn('raft.go:190', `raft[1] ${m.ctx.self.id} lost its peers (network partition), applied(${fsm.appliedIndex})`)
  const commands = volumeCommands(m)
  const leader = m.peer(raft.leaderId as string)
  let next = 0
  const writer = async () => {
    while (next < commands.length) await m.ctx.call(leader, '/meta/put', commands[next++], 3000)
  }
  try {
    await Promise.all(Array.from({length: WRITERS}, writer))
  } finally {
    raft.isolated = false
  }
  log.info('raft.go:196', `raft[1] ${m.ctx.self.id} reconnected to its peers, lastIndex(${raft.log.lastIndex()})`)
  const deadline = Date.now() + 3000
  while (!fsm.restoring && Date.now() < deadline) await sleep(5)
  if (!fsm.restoring) {
    log.warn('raft.go:201', 'raft[1] caught up without a snapshot: the race was not reached')
    return
  }
  const names = commands.filter((c) => c.key.startsWith('#vol#')).map((c) => c.key.slice('#vol#'.length))
  let reads = 0
  let waitedMax = 0
  const reader = async () => {
    while (fsm.restoring) {
      const started = Date.now()
      await m.ctx.call(m.ctx.self, '/meta/vol', {name: names[reads++ % names.length]}, 3000).catch(() => undefined)
      waitedMax = Math.max(waitedMax, Date.now() - started)
      await sleep(5)
    }
  }
  await Promise.all([reader(), reader()])
  if (fixed) m.ctx.survived('snapshot-read-race', `snapshot applied in steps while ${reads} volume reads and the checker waited (longest wait ${waitedMax} ms); vols(${fsm.vols.size}) applied(${fsm.appliedIndex})`)
}
