import {expect, test} from 'vitest'
import {IncidentBuilder} from '../../../analyzer/incidents/merge.js'
import type {TraceStage} from '../../../analyzer/formats/types.js'
import type {Incident, TraceEvent} from '../../../analyzer/model.js'
import {describeIncident} from '../../../analyzer/report/build-crash.js'
import {event, lineAt} from '../../helpers/events.js'

const STAGES: Record<string, TraceStage> = {tcmalloc: 'cause', 'glog-fatal': 'cause', gdb: 'postmortem', shell: 'postmortem'}

function build(events: TraceEvent[], nodeOf: (e: TraceEvent) => string | null = () => null): Incident[] {
  const out: Incident[] = []
  const builder = new IncidentBuilder('x.log', (i) => out.push(i))
  for (const e of events) {
    const node = nodeOf(e)
    builder.add({events: [e], first: lineAt(e.firstLine, node ? `${node} | x` : 'x'), node, stage: STAGES[e.format] ?? 'dump', context: [], lines: []})
  }
  builder.end()
  return out
}

test('a large alloc, an invalid free and the abort dump of one process are one crash', () => {
  const incidents = build([
    event({format: 'tcmalloc', firstLine: 10, kinds: ['large-alloc'], terminal: false}),
    event({format: 'tcmalloc', firstLine: 14, kinds: ['invalid-free']}),
    event({format: 'glog-failure-signal', firstLine: 15, lastLine: 40, kinds: ['abort'], signal: 'SIGABRT'}),
  ])
  expect(incidents).toHaveLength(1)
  const facts = describeIncident(incidents[0]!)
  expect(facts.kind).toBe('invalid-free')
  expect(facts.kinds).toEqual(['invalid-free', 'large-alloc', 'abort'])
  expect(facts.lines).toEqual({start: 10, end: 40})
})

test('two dumps are two deaths, however close, whatever their formats', () => {
  expect(build([event({format: 'ceph', firstLine: 1, lastLine: 20}), event({format: 'ceph', firstLine: 22, lastLine: 40})])).toHaveLength(2)
  expect(build([event({format: 'go', firstLine: 1, lastLine: 20}), event({format: 'glog', firstLine: 22, lastLine: 40})])).toHaveLength(2)
})

test('post-mortem views join the death they show; a cause after a death starts the next life', () => {
  expect(build([event({format: 'glog', firstLine: 1, lastLine: 20}), event({format: 'gdb', firstLine: 25, lastLine: 40}), event({format: 'shell', firstLine: 41})])).toHaveLength(1)
  expect(build([event({format: 'glog', firstLine: 1, lastLine: 20}), event({format: 'tcmalloc', firstLine: 25, kinds: ['invalid-free']})])).toHaveLength(2)
  expect(build([event({format: 'gdb', firstLine: 1, lastLine: 20}), event({format: 'go', firstLine: 25, lastLine: 40})])).toHaveLength(2)
})

test('events far apart, or of different processes, stay separate', () => {
  expect(build([event({format: 'a', firstLine: 1, terminal: false, kinds: ['large-alloc']}), event({format: 'b', firstLine: 500})])).toHaveLength(2)
  expect(build([event({format: 'a', firstLine: 1, pid: 10}), event({format: 'b', firstLine: 3, pid: 11})])).toHaveLength(2)
})

test('a warning after a death starts the next life', () => {
  expect(build([event({format: 'a', firstLine: 1}), event({format: 'b', firstLine: 5, terminal: false, kinds: ['large-alloc']})])).toHaveLength(2)
})

test('interleaved nodes crashing in the same second stay separate', () => {
  const incidents = build(
    [event({format: 'go', firstLine: 1, lastLine: 9}), event({format: 'gdb', firstLine: 2, lastLine: 10})],
    (e) => (e.format === 'go' ? 'n1' : 'n2'),
  )
  expect(incidents.map((i) => i.node).sort()).toEqual(['n1', 'n2'])
})

test('the first death decides the primary kind: a failed check before the SIGSEGV it caused', () => {
  const [incident] = build([
    event({format: 'glog-fatal', firstLine: 1, kinds: ['abort']}),
    event({format: 'glog-failure-signal', firstLine: 5, kinds: ['sigsegv']}),
  ])
  expect(describeIncident(incident!).kind).toBe('abort')
})

test('a Go and a Rust event never share a process', () => {
  expect(build([event({format: 'go', firstLine: 1, runtime: 'go', terminal: false, recovered: true}), event({format: 'rust', firstLine: 5, runtime: 'rust'})])).toHaveLength(2)
})
