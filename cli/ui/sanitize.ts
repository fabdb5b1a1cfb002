// Log text is untrusted: escape sequences, control and bidi characters must not reach a terminal.

const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** Shows control characters as visible `\xNN` / `\u{NNNN}` escapes; keeps tabs. */
export function neutralise(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.codePointAt(0)!
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`
  })
}
