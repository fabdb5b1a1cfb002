// The bytes the line layer reads chunks by, and where a line ends: shared by the gutter, the
// paste indentation and the wrap rejoiner, which look at raw chunks before lines are built.
export const NEWLINE = 10
export const CR = 13
export const TAB = 9
export const SPACE = 32

/** Where the line starting at `start` ends (its newline, or the buffer's end). */
export function lineEnd(buf: Uint8Array, start: number): number {
  const nl = buf.indexOf(NEWLINE, start)
  return nl === -1 ? buf.length : nl
}
