// Proposals of a leader waiting to be applied here: settled by the apply loop, or timed out.
import type {LogEntry} from './raft-log.js'

const PROPOSE_TIMEOUT_MS = 3000

interface Waiter {
  term: number
  resolve: () => void
  reject: (e: Error) => void
}

export class PendingProposals {
  private readonly waiters = new Map<number, Waiter>()

  /** Resolves with the entry's index once it is applied here. */
  wait(entry: LogEntry): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(entry.index)
        reject(new Error(`entry ${entry.index} not applied within ${PROPOSE_TIMEOUT_MS} ms`))
      }, PROPOSE_TIMEOUT_MS)
      this.waiters.set(entry.index, {term: entry.term, resolve: () => (clearTimeout(timer), resolve(entry.index)), reject: (e) => (clearTimeout(timer), reject(e))})
    })
  }

  /** An applied entry of another term means a new leader overwrote the proposal. */
  settle(entry: LogEntry): void {
    const waiter = this.waiters.get(entry.index)
    if (!waiter) return
    this.waiters.delete(entry.index)
    if (waiter.term === entry.term) waiter.resolve()
    else waiter.reject(new Error(`entry ${entry.index} was overwritten by a new leader`))
  }
}
