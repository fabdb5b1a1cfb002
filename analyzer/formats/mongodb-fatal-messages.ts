// What mongod's fatal messages say of its death: the signal and fault address, a self-abort (fassert(),
// invariant(), terminate()), out of memory; and where a failed fassert() or invariant() was.
import {mentionsOutOfMemory, shortAddress} from './cxx-event.js'
import {isObject, str, type Json} from './mongodb-fatal-records.js'
import {normaliseSignal} from './native-signals.js'
import type {PatternTable} from './types.js'

export const MONGODB_MESSAGE_PATTERNS = {
  gotSignal: {re: /^Got signal: (?<num>\d{1,2}) \(/, examples: ['Got signal: 11 (Segmentation fault).', 'Got signal: 6 (Aborted).']},
  // SIGSEGV and SIGBUS say `access`, SIGILL and SIGFPE `operation`; the `Got signal` line after it names which.
  invalidAccess: {
    re: /^Invalid (?<what>access|operation) at address: (?<addr>0x[0-9a-fA-F]+|0)\b/,
    examples: ['Invalid access at address: 0x0', 'Invalid access at address: 0', 'Invalid operation at address: 0x55d3a1b2c3d4'],
  },
  // mongo ends itself: fassert(), invariant(), std::terminate (each then raises SIGABRT).
  selfAbort: {
    re: /^(?:Fatal [Aa]ssertion\b|Invariant failure\b|terminate\(\) called\b)/,
    examples: ['Fatal Assertion 16360 at src/mongo/db/repl/sync_tail.cpp 1056', 'Fatal assertion', 'Invariant failure', 'terminate() called. An exception is active; attempting to gather more information'],
  },
  // Printed on a line of its own after a failed fassert() or invariant().
  aborting: {re: /^\s*\*\*\*aborting after \w+\(\) failure/, examples: ['***aborting after fassert() failure', '***aborting after invariant() failure']},
  outOfMemory: {re: /\b[Oo]ut of memory\b/, examples: ['out of memory.', 'Out of memory']},
  textFassert: {
    re: /^Fatal [Aa]ssertion (?<id>\d+)\b.*? at (?<file>\S+) (?<line>\d+)$/,
    examples: ['Fatal Assertion 16360 at src/mongo/db/repl/sync_tail.cpp 1056'],
  },
  textInvariant: {
    re: /^Invariant failure:? (?<expr>.+) (?<file>src\/\S+) (?<line>\d+)$/,
    examples: ['Invariant failure ok src/mongo/db/storage/wiredtiger/wiredtiger_record_store.cpp 1232'],
  },
  exceptionType: {
    re: /Actual exception type: (?<type>[^\n]*\S)/,
    examples: ['Actual exception type: std::bad_alloc', 'Actual exception type: mongo::error_details::ExceptionForImpl<(mongo::ErrorCodes::Error)1, mongo::AssertionException>'],
  },
} as const satisfies PatternTable

const P = MONGODB_MESSAGE_PATTERNS

/** What one message says of the death. */
export interface DeathClue {
  /** Why the line is evidence. */
  why: string
  /** The signal `Got signal: N` names. */
  signal?: string | null
  /** `Invalid access at address`: a SIGSEGV unless a `Got signal` line says otherwise. */
  invalidAccess?: boolean
  faultAddress?: string
  aborts?: boolean
  outOfMemory?: boolean
  exceptionType?: string
}

/** Does a message name how mongod dies (whatever its severity)? */
export function namesDeath(message: string): boolean {
  const t = message.trim()
  return P.gotSignal.re.test(t) || P.invalidAccess.re.test(t) || P.selfAbort.re.test(t) || P.aborting.re.test(t)
}

/** What a fatal message says of the death, or null when it says nothing of it. */
export function readDeathClue(message: string): DeathClue | null {
  const text = message.trim()
  const signal = P.gotSignal.re.exec(text)?.groups
  if (signal) return {why: 'fatal signal', signal: normaliseSignal(signal.num ?? '')}
  const access = P.invalidAccess.re.exec(text)?.groups
  if (access) return {why: 'invalid memory access', invalidAccess: access.what === 'access', faultAddress: shortAddress(access.addr ?? '0')}
  const exceptionType = P.exceptionType.re.exec(text)?.groups?.type
  const outOfMemory = mentionsOutOfMemory(text)
  const aborts = P.selfAbort.re.test(text) || P.aborting.re.test(text)
  const why = outOfMemory ? 'out of memory' : aborts ? 'mongod aborts itself' : exceptionType ? 'uncaught exception' : null
  return why === null ? null : {why, aborts, outOfMemory, exceptionType}
}

/** A text line that is out of memory (its fatal records start a death). */
export function saysOutOfMemory(message: string): boolean {
  return P.outOfMemory.re.test(message)
}

/** Where a failed fassert() or invariant() was: from a JSON record's attributes or a text line. */
export function assertionFacts(attr: Json | null, message: string): Record<string, string | number> {
  const g = P.textFassert.re.exec(message)?.groups ?? P.textInvariant.re.exec(message)?.groups
  const id = g?.id ?? attr?.msgid
  const line = g?.line ?? attr?.line
  const facts: Record<string, string | number> = {}
  if (typeof id === 'number' || typeof id === 'string') facts.assertId = Number(id)
  const expr = g?.expr ?? str(attr?.expr)
  if (expr) facts.assertExpr = expr
  const file = g?.file ?? str(attr?.file)
  if (file) facts.assertFile = file
  if (typeof line === 'number' || typeof line === 'string') facts.assertLine = Number(line)
  return facts
}

/** `DuplicateKey: E11000 ...` from logv2's string or `{code, codeName, errmsg}` error attribute. */
export function errorText(error: unknown): string | null {
  if (!isObject(error)) return str(error)
  const name = str(error.codeName)
  const text = str(error.errmsg) ?? str(error.reason)
  return name && text ? `${name}: ${text}` : (text ?? name)
}
