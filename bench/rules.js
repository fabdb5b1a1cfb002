#!/usr/bin/env node
// Rule engine benchmark: judges synthetic rules against synthetic incidents through the built
// analyzer (dist/), to show the cost grows with the number of rules, not with the log's size.
// Usage: npm run build && node bench/rules.js [--incidents N]
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import {performance} from 'node:perf_hooks'
import {stringify} from 'yaml'
import {describeIncident, judgeIncident, loadRuleFile} from '../dist/analyzer/index.js'

const INCIDENTS = Number(process.argv[process.argv.indexOf('--incidents') + 1]) || 10_000
const RULES = 200
const FEW_RULES = 20
/** The scanner keeps at most this many lines before a crash (CONTEXT_LINES), whatever the log's size. */
const CONTEXT_LINES = 200

/** mulberry32: the same rules and incidents on every run. */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
const random = prng(20261121)
const pick = (list) => list[Math.floor(random() * list.length)]
const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1))

const SYSTEMS = ['cubefs', 'pegasus', 'tikv', 'ceph', 'starrocks']
const KINDS = ['sigsegv', 'panic', 'abort', 'invalid-free', 'oom']
const SIGNALS = {sigsegv: 'SIGSEGV', abort: 'SIGABRT', 'invalid-free': 'SIGABRT', panic: null, oom: 'SIGKILL'}
const PACKAGES = ['github.com/cubefs/cubefs/datanode', 'github.com/cubefs/cubefs/master', 'github.com/cubefs/cubefs/metanode', 'dsn::replication', 'pegasus::server', 'raftstore::store', 'rocksdb']
const VERBS = ['Apply', 'BatchPut', 'Write', 'Flush', 'Compact', 'Snapshot', 'handlePacket', 'loadExtent', 'on_learn', 'persist']
const TYPES = ['DataPartition', 'MetaPartition', 'ExtentStore', 'RocksDBStore', 'replica', 'Peer', 'DBImpl', 'WAL']
const MESSAGES = ['invalid memory address or nil pointer dereference', 'concurrent map writes', 'index out of range [5] with length 3', 'assertion failed: leader_ballot > 0', 'free(): invalid pointer', 'runtime: out of memory', 'no space left on device']
const LOG_WORDS = ['stopping master', 'closing store', 'raft leader changed', 'snapshot applied', 'compaction finished', 'heartbeat ok', 'disk usage 97%', 'repair extent', 'partition loaded']

const frameName = () => `${pick(PACKAGES)}.(*${pick(TYPES)}).${pick(VERBS)}`
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** One condition of each type in turn: the realistic mix of frames, messages and context lines. */
const CONDITIONS = [
  () => ({frames: [`\\.\\(\\*${pick(TYPES)}\\)\\.${pick(VERBS)}$`, `${escape(pick(PACKAGES))}\\.`].slice(0, int(1, 2)), inOrder: random() < 0.5}),
  () => ({message: `(?i)${escape(pick(MESSAGES).split(' ').slice(0, 3).join(' '))}`}),
  () => ({signal: [pick(['SIGSEGV', 'SIGABRT', 'SIGBUS'])]}),
  () => ({faultAddress: {below: '0x1000'}}),
  () => ({event: {kind: pick(KINDS)}}),
  () => ({before: {line: `(?i)\\b${escape(pick(LOG_WORDS))}\\b`, within: {lines: int(50, 200), seconds: 120}}}),
  () => ({after: {line: '(?i)\\bstarting (?:master|datanode|replica)\\b', within: {lines: 100}}}),
  () => ({version: {line: '\\bversion[:= ]+v?(\\d+\\.\\d+\\.\\d+)', range: `>=3.${int(0, 3)}.0 <3.${int(4, 6)}.0`}}),
]

function syntheticRule(i) {
  const conditions = Array.from({length: int(3, 6)}, (_, j) => ({...CONDITIONS[(i + j) % CONDITIONS.length](), weight: 0.2, why: 'synthetic'}))
  conditions[0].required = random() < 0.3
  return {
    id: `bench-rule-${i}`,
    title: `Synthetic rule ${i}`,
    ...(random() < 0.6 ? {systems: [pick(SYSTEMS)]} : {}),
    kinds: [pick(KINDS), pick(KINDS)].filter((k, j, all) => all.indexOf(k) === j),
    conditions,
    rootCause: 'synthetic',
    remediation: ['none'],
    references: ['https://example.com/bench'],
    examples: [{file: 'samples/none.log'}],
  }
}

/** Synthetic rules go through the real loader: schema, id, compiled patterns. */
function loadSyntheticRules(count) {
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-bench-rules-'))
  try {
    return Array.from({length: count}, (_, i) => {
      const file = path.join(dir, `bench-rule-${i}.yaml`)
      writeFileSync(file, stringify(syntheticRule(i)))
      const {rule, problems} = loadRuleFile(file, 'user')
      if (!rule) throw new Error(`synthetic rule ${i} does not load: ${problems[0]?.message}`)
      return rule
    })
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

let lineNo = 0
const T0 = Date.UTC(2026, 10, 21, 16, 0, 0)
function line(text, time) {
  lineNo++
  return {lineNo, offset: lineNo * 80, raw: text, text, time, level: 'INFO', node: null, origin: 'server.go:42', cut: false}
}

function syntheticIncident(i, contextLines) {
  const kind = pick(KINDS)
  const start = T0 + i * 1000
  const context = Array.from({length: contextLines}, (_, j) => line(`${pick(LOG_WORDS)} partition(${int(1, 900)}) version: 3.${int(0, 6)}.${int(0, 9)}`, start - (contextLines - j) * 100))
  const frames = Array.from({length: int(8, 30)}, () => ({function: frameName(), file: 'x.go', line: int(1, 900), module: null, address: null}))
  const header = line(kind === 'panic' ? `panic: ${pick(MESSAGES)}` : `[signal ${SIGNALS[kind] ?? 'SIGSEGV'}: segmentation violation code=0x1 addr=0x${int(0, 0x3000).toString(16)}]`, start)
  const traceLines = [header, ...frames.slice(0, 12).map((f) => line(`${f.function}(0xc000123400)`, null))]
  const event = {
    format: 'bench', runtime: 'go', kinds: [kind], signal: SIGNALS[kind], message: pick(MESSAGES), frames,
    faultAddress: `0x${int(0, 0x3000).toString(16)}`, firstLine: header.lineNo, lastLine: traceLines.at(-1).lineNo,
    evidence: [{line: header, why: 'the crash'}], terminal: true, recovered: false, pid: 4242, facts: {},
  }
  const after = Array.from({length: 5}, () => line(pick(['starting master version 3.4.0', 'heartbeat ok', 'starting datanode']), start + 5000))
  return {source: 'bench.log', firstOffset: header.offset, node: null, events: [event], context, after, traceLines}
}

function time(rules, incidents) {
  let applied = 0
  const t = performance.now()
  for (const incident of incidents) applied += judgeIncident(incident, describeIncident(incident), rules).filter((v) => v.applies).length
  const ms = performance.now() - t
  return {ms, usPerIncident: (ms * 1000) / incidents.length, applied}
}

const rules = loadSyntheticRules(RULES)
const incidents = Array.from({length: INCIDENTS}, (_, i) => syntheticIncident(i, CONTEXT_LINES))
const shortIncidents = Array.from({length: INCIDENTS}, (_, i) => syntheticIncident(i, 20))
time(rules, incidents.slice(0, 500)) // warm-up: JIT and regex caches
const many = time(rules, incidents)
const few = time(rules.slice(0, FEW_RULES), incidents)
const short = time(rules, shortIncidents)
const fmt = (r) => `${r.ms.toFixed(0)} ms, ${r.usPerIncident.toFixed(1)} µs/incident`
console.log(`${RULES} rules x ${INCIDENTS} incidents (${CONTEXT_LINES} context lines): ${fmt(many)}, ${many.applied} diagnoses`)
console.log(`${FEW_RULES} rules x ${INCIDENTS} incidents (${CONTEXT_LINES} context lines): ${fmt(few)}`)
console.log(`${RULES} rules x ${INCIDENTS} incidents (20 context lines):  ${fmt(short)}`)
console.log(`summary: ${(many.usPerIncident / RULES).toFixed(2)} µs per rule per incident with ${RULES} rules, ${(few.usPerIncident / FEW_RULES).toFixed(2)} with ${FEW_RULES} (x${(many.ms / few.ms).toFixed(1)} time for x${RULES / FEW_RULES} rules); context bounded at ${CONTEXT_LINES} lines whatever the log size`)
