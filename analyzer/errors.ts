// Problems with the user's input, as data: a code the CLI maps to an exit status and a hint.

export type InputProblemCode =
  | 'input-missing'
  | 'input-unreadable'
  | 'input-binary'
  | 'input-corrupt-gzip'
  | 'input-empty-dir'
  | 'input-is-tty'

/** A problem with one input; the analysis of the others goes on. */
export class InputError extends Error {
  constructor(
    readonly code: InputProblemCode,
    readonly path: string,
    message: string,
    readonly hint: string,
  ) {
    super(message)
    this.name = 'InputError'
  }
}
