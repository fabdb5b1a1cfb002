import {useEffect, useState} from 'react'
import type {MonitorSession} from '../../services/monitor.js'
import {applyDelta, emptyData, type ClusterNodesView, type MonitorData} from '../../services/monitor-model.js'

export interface MonitorFeed {
  data: MonitorData
  cluster: ClusterNodesView | null
  /** The time the figures were computed for: rates and uptimes move with it. */
  now: number
  error: string | null
}

const SECOND_MS = 1000

/** Polls the store every `refreshMs`; reads only when it changed, and only what is new. */
export function useMonitorData(session: MonitorSession, refreshMs: number): MonitorFeed {
  const [feed, setFeed] = useState<MonitorFeed>(() => {
    const delta = session.poll()
    const data = delta ? applyDelta(emptyData(), delta) : emptyData()
    return {data, cluster: session.cluster(), now: Date.now(), error: null}
  })
  useEffect(() => {
    let lastSecond = Date.now()
    const timer = setInterval(() => {
      const now = Date.now()
      try {
        const delta = session.poll()
        // Once a second the clock moves (rates, uptimes) and the cluster is read again, changed or not.
        const second = now - lastSecond >= SECOND_MS
        if (!delta && !second) return
        if (second) lastSecond = now
        const cluster = second ? session.cluster() : undefined
        setFeed((f) => ({data: delta ? applyDelta(f.data, delta, now) : f.data, cluster: cluster === undefined ? f.cluster : cluster, now, error: null}))
      } catch (error) {
        setFeed((f) => ({...f, error: `cannot refresh: ${(error as Error).message}`}))
      }
    }, refreshMs)
    return () => clearInterval(timer)
  }, [session, refreshMs])
  return feed
}
