/** A cluster operation that cannot go on: a code for scripts, a hint for people. */
export class ClusterError extends Error {
  constructor(message: string, readonly code: string, readonly hint: string) {
    super(message)
  }
}
