// The engine's prefilter: an Aho-Corasick automaton over the trigger words of every format, run
// as a flat byte DFA so idle text is scanned without building strings or lines.

const ROOT = 0
const NEWLINE = 10
/** accept[] marks: a trigger word ends here, or (on the dedicated state) a newline was passed. */
const WORD = 1
const LINE = 2

export interface ScanHit {
  /** Index just after the trigger's last byte; -1 when the range holds none. */
  end: number
  /** Newlines passed before `end` (or before `to` when there is no hit). */
  newlines: number
  /** Of the lines passed, those longer than the `longLine` limit given to scan. */
  longLines: number
}

export class TriggerAutomaton {
  /** Transitions by byte class: bytes that act alike share a column, so the table stays in cache. */
  private readonly delta: Uint16Array
  private readonly byteClass: Uint8Array
  private readonly classBits: number
  private readonly accept: Uint8Array

  constructor(words: readonly string[]) {
    const trie = buildTrie(words.filter((w) => w.length > 0 && !w.includes('\n')))
    const states = trie.next.length + 1
    const lineState = states - 1
    const full = new Int32Array(states * 256)
    this.accept = new Uint8Array(states)
    const order = breadthFirst(trie.next)
    const fail = new Int32Array(states)
    for (const s of order) {
      for (const [byte, child] of trie.next[s]!) {
        if (s === ROOT) continue
        fail[child] = full[fail[s]! * 256 + byte]!
      }
      for (let b = 0; b < 256; b++) {
        const child = trie.next[s]!.get(b)
        full[s * 256 + b] = child ?? (s === ROOT ? ROOT : full[fail[s]! * 256 + b]!)
      }
      if (trie.terminal[s] || trie.terminal[fail[s]!]) {
        trie.terminal[s] = true
        this.accept[s] = WORD
      }
    }
    // A newline ends every partial match (triggers never span lines) and is counted on the way.
    for (let s = 0; s < states; s++) if (!this.accept[s]) full[s * 256 + NEWLINE] = lineState
    for (let b = 0; b < 256; b++) full[lineState * 256 + b] = full[ROOT * 256 + b]!
    this.accept[lineState] = LINE
    const classes = byteClasses(full, states)
    this.byteClass = classes.byteClass
    this.classBits = Math.max(1, Math.ceil(Math.log2(classes.count)))
    const width = 1 << this.classBits
    if (states > 0xffff) throw new Error(`trigger words need ${states} automaton states; at most 65535 fit`)
    this.delta = new Uint16Array(states * width)
    for (let st = 0; st < states; st++) for (let b = 0; b < 256; b++) this.delta[st * width + this.byteClass[b]!] = full[st * 256 + b]!
  }

  /** Finds the first trigger in buf[from, to) (from = a line start), counting lines on the way. */
  scan(buf: Uint8Array, from: number, to: number, longLine = Infinity): ScanHit {
    const {delta, accept, byteClass, classBits} = this
    let s = ROOT
    let newlines = 0
    let longLines = 0
    let lineStart = from
    for (let i = from; i < to; i++) {
      s = delta[(s << classBits) | byteClass[buf[i]!]!]!
      const a = accept[s]!
      if (a === 0) continue
      if (a === WORD) return {end: i + 1, newlines, longLines}
      newlines++
      if (i - lineStart > longLine) longLines++
      lineStart = i + 1
    }
    if (to - lineStart > longLine) longLines++
    return {end: -1, newlines, longLines}
  }

  /** True when the bytes hold a trigger word. */
  test(buf: Uint8Array, from: number, to: number): boolean {
    return this.scan(buf, from, to).end !== -1
  }
}

function buildTrie(words: readonly string[]): {next: Map<number, number>[]; terminal: boolean[]} {
  const next: Map<number, number>[] = [new Map()]
  const terminal: boolean[] = [false]
  for (const word of words) {
    let s = ROOT
    for (const byte of Buffer.from(word, 'utf8')) {
      let child = next[s]!.get(byte)
      if (child === undefined) {
        child = next.length
        next.push(new Map())
        terminal.push(false)
        next[s]!.set(byte, child)
      }
      s = child
    }
    terminal[s] = true
  }
  return {next, terminal}
}

function breadthFirst(next: Map<number, number>[]): number[] {
  const order = [ROOT]
  for (let i = 0; i < order.length; i++) for (const child of next[order[i]!]!.values()) order.push(child)
  return order
}

/** Groups bytes whose transitions are the same in every state (most bytes start no trigger). */
function byteClasses(full: Int32Array, states: number): {byteClass: Uint8Array; count: number} {
  const byteClass = new Uint8Array(256)
  const seen = new Map<string, number>()
  for (let b = 0; b < 256; b++) {
    const column: number[] = []
    for (let st = 0; st < states; st++) column.push(full[st * 256 + b]!)
    const key = column.join(',')
    let c = seen.get(key)
    if (c === undefined) {
      c = seen.size
      seen.set(key, c)
    }
    byteClass[b] = c
  }
  return {byteClass, count: seen.size}
}
