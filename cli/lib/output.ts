// The one place storctl writes: results to stdout, warnings and progress to stderr.

/** Results: what a script reads. */
export function outputResult(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)
}

/** A warning on stderr, also in --json mode, where stdout must stay pure JSON. */
export function outputWarning(text: string): void {
  process.stderr.write(`Warning: ${text}\n`)
}
