import semver from 'semver'
import type {Incident, LogLine} from '../model.js'
import type {CrashFacts} from '../report/build-crash.js'
import type {EvidenceLine} from '../report/types.js'
import type {LoadedRule} from './load.js'
import type {Condition} from './schema.js'

/** What conditions look at: the parsed crash, never raw text a format already parsed. */
export interface RuleContext {
  incident: Incident
  facts: CrashFacts
  kinds: ReadonlySet<string>
  /** Normalised function names of every event's frames, innermost first, the main event's first. */
  frames: string[]
  /** The frames left after the ignore lists (what `top` counts). */
  meaningfulFrames: string[]
  /** The crashing frames, then the other threads' (for `threads: any`). */
  allThreadFrames: string[]
  messages: string[]
  crashTime: number | null
  /** The lines before the crash, nearest first (computed once, read by every rule). */
  contextNearestFirst: LogLine[]
  /** Where a version may be printed: the lines before (nearest first), the crash, the lines after. */
  versionLines: LogLine[]
}

export interface ConditionOutcome {
  matched: boolean
  evidence: EvidenceLine[]
  /** What was found or missed, for --explain. */
  detail: string
}

type Evaluator<C> = (condition: C, ctx: RuleContext, pattern: (at: string) => RegExp) => ConditionOutcome

const DEFAULT_WINDOW_LINES = 200

function cite(ctx: RuleContext, line: LogLine | undefined, why: string): EvidenceLine[] {
  return line ? [{source: ctx.incident.source, line: line.lineNo, text: line.raw, why}] : []
}

/** The trace line that printed a frame or message, to cite it. */
function lineShowing(ctx: RuleContext, text: string): LogLine | undefined {
  const needle = text.length > 60 ? text.slice(0, 60) : text
  return ctx.incident.traceLines.find((l) => l.text.includes(needle))
}

const missed = (detail: string): ConditionOutcome => ({matched: false, evidence: [], detail})

function framesCondition(c: Extract<Condition, {frames: string[]}>, ctx: RuleContext, pattern: (at: string) => RegExp): ConditionOutcome {
  const pool = c.top ? ctx.meaningfulFrames.slice(0, c.top) : c.threads === 'any' ? ctx.allThreadFrames : ctx.frames
  const found: string[] = []
  let from = 0
  for (let i = 0; i < c.frames.length; i++) {
    const re = pattern(`frames/${i}`)
    const index = pool.findIndex((f, j) => (!c.inOrder || j >= from) && re.test(f))
    if (index === -1) return missed(`no frame matches ${c.frames[i]}${c.inOrder ? ' in order' : ''}`)
    found.push(pool[index]!)
    from = index + 1
  }
  return {matched: true, detail: `frames ${found.join(' < ')}`, evidence: found.flatMap((f) => cite(ctx, lineShowing(ctx, f), c.why)).slice(0, 3)}
}

function messageCondition(c: Extract<Condition, {message: string}>, ctx: RuleContext, pattern: (at: string) => RegExp): ConditionOutcome {
  const re = pattern('message')
  const message = ctx.messages.find((m) => re.test(m))
  if (message === undefined) return missed(`no message matches ${c.message}`)
  return {matched: true, detail: `message "${message.slice(0, 80)}"`, evidence: cite(ctx, lineShowing(ctx, message), c.why)}
}

function signalCondition(c: Extract<Condition, {signal: string[]}>, ctx: RuleContext): ConditionOutcome {
  const signals = new Set([ctx.facts.signal, ...ctx.incident.events.map((e) => e.signal)].filter((s): s is string => s !== null))
  const hit = c.signal.find((s) => signals.has(s))
  if (!hit) return missed(`signal ${[...signals].join(', ') || 'unknown'}, not ${c.signal.join(' or ')}`)
  const line = ctx.incident.traceLines.find((l) => l.text.includes(hit.slice(3)))
  return {matched: true, detail: `signal ${hit}`, evidence: cite(ctx, line, c.why)}
}

function faultAddressCondition(c: Extract<Condition, {faultAddress: object}>, ctx: RuleContext): ConditionOutcome {
  const address = ctx.facts.faultAddress
  if (address === null || !/^0x[0-9a-f]+$/i.test(address)) return missed('no fault address')
  const value = BigInt(address)
  const {below, atLeast} = c.faultAddress
  if (below !== undefined && value >= BigInt(below)) return missed(`fault address ${address} is not below ${below}`)
  if (atLeast !== undefined && value < BigInt(atLeast)) return missed(`fault address ${address} is below ${atLeast}`)
  return {matched: true, detail: `fault address ${address}`, evidence: cite(ctx, lineShowing(ctx, address), c.why)}
}

function eventCondition(c: Extract<Condition, {event: object}>, ctx: RuleContext): ConditionOutcome {
  const {kind, minBytes} = c.event
  const event = ctx.incident.events.find((e) => e.kinds.includes(kind) && (minBytes === undefined || Number(e.facts.allocBytes ?? 0) >= minBytes))
  if (!event) return missed(`no ${kind} event${minBytes !== undefined ? ` of at least ${minBytes} bytes` : ''}`)
  const detail = event.facts.allocBytes !== undefined ? `${kind} of ${event.facts.allocBytes} bytes` : `${kind} event`
  return {matched: true, detail, evidence: event.evidence.slice(0, 1).map((e) => ({source: ctx.incident.source, line: e.line.lineNo, text: e.line.raw, why: c.why}))}
}

function nearLine(lines: readonly LogLine[], re: RegExp, near: {lineNo: number; time: number | null}, within: {lines?: number; seconds?: number} | undefined): LogLine | undefined {
  const maxLines = within?.lines ?? DEFAULT_WINDOW_LINES
  const maxMs = within?.seconds !== undefined ? within.seconds * 1000 : null
  return lines.find((l) => {
    if (Math.abs(l.lineNo - near.lineNo) > maxLines) return false
    if (maxMs !== null && l.time !== null && near.time !== null && Math.abs(near.time - l.time) > maxMs) return false
    return re.test(l.text)
  })
}

function beforeCondition(c: Extract<Condition, {before: object}>, ctx: RuleContext, pattern: (at: string) => RegExp): ConditionOutcome {
  const line = nearLine(ctx.contextNearestFirst, pattern('before/line'), {lineNo: ctx.facts.lines.start, time: ctx.crashTime}, c.before.within)
  if (!line) return missed(`no line before the crash matches ${c.before.line}`)
  return {matched: true, detail: `line ${line.lineNo} before`, evidence: cite(ctx, line, c.why)}
}

function afterCondition(c: Extract<Condition, {after: object}>, ctx: RuleContext, pattern: (at: string) => RegExp): ConditionOutcome {
  const line = nearLine(ctx.incident.after, pattern('after/line'), {lineNo: ctx.facts.lines.end, time: ctx.crashTime}, c.after.within)
  if (!line) return missed(`no line after the crash matches ${c.after.line}`)
  return {matched: true, detail: `line ${line.lineNo} after`, evidence: cite(ctx, line, c.why)}
}

function versionCondition(c: Extract<Condition, {version: object}>, ctx: RuleContext, pattern: (at: string) => RegExp): ConditionOutcome {
  const re = pattern('version/line')
  for (const line of ctx.versionLines) {
    const m = re.exec(line.text)
    const version = m?.[1] ? semver.coerce(m[1]) : null
    if (!version) continue
    if (!semver.satisfies(version, c.version.range)) return missed(`version ${version.version} is outside ${c.version.range}`)
    return {matched: true, detail: `version ${version.version}`, evidence: cite(ctx, line, c.why)}
  }
  return missed('the log shows no version')
}

/** Each condition type answers for itself; the key that names the type picks the evaluator. */
const EVALUATORS: Record<string, Evaluator<never>> = {
  frames: framesCondition,
  message: messageCondition,
  signal: signalCondition,
  faultAddress: faultAddressCondition,
  event: eventCondition,
  before: beforeCondition,
  after: afterCondition,
  version: versionCondition,
}

export function conditionType(c: Condition): string {
  return Object.keys(EVALUATORS).find((k) => k in c)!
}

export function evaluateCondition(rule: LoadedRule, index: number, ctx: RuleContext): ConditionOutcome {
  const c = rule.spec.conditions[index]!
  const evaluate = EVALUATORS[conditionType(c)] as Evaluator<Condition>
  return evaluate(c, ctx, (at) => rule.patterns.get(`conditions/${index}/${at}`)!)
}
