export type StoreProblemCode = 'store-missing' | 'store-busy' | 'store-corrupt' | 'query-not-read-only' | 'query-invalid'

/** A store problem a user can act on: what, and how to get past it. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreProblemCode,
    message: string,
    readonly hint: string,
  ) {
    super(message)
    this.name = 'StoreError'
  }
}
