import {expect, test} from 'vitest'
import type {Incident} from '../../analyzer/model.js'
import {describeIncident} from '../../analyzer/report/build-crash.js'
import {judgeIncident} from '../../analyzer/rules/engine.js'
import {reviveRule} from '../../analyzer/rules/load.js'
import type {RuleSpec} from '../../analyzer/rules/schema.js'
import {event, lineAt} from '../helpers/events.js'

function rule(overrides: Partial<RuleSpec>): RuleSpec {
  return {
    id: 'test-rule', title: 't', kinds: ['panic'], rootCause: 'r', remediation: ['x'], references: [], examples: [{file: 'samples/x.log'}],
    conditions: [{frames: ['ApplySnapshot'], weight: 1, required: true, why: 'w'}],
    ...overrides,
  }
}

function incident(): Incident {
  const e = event({firstLine: 10, kinds: ['panic'], runtime: 'go', frames: [{function: 'master.(*Vol).getPartition(0x0)'}], otherFrames: ['master.(*MetadataFsm).ApplySnapshot']})
  return {source: 'x.log', firstOffset: 0, node: null, events: [e], context: [lineAt(5, 'action[ApplySnapshot] begin')], after: [], traceLines: []}
}

test('a frames condition looks at the crashing goroutine unless it asks for any thread', () => {
  const i = incident()
  const facts = describeIncident(i)
  const crashingOnly = reviveRule({spec: rule({}), file: 'x.yaml', origin: 'builtin'})
  const anyThread = reviveRule({spec: rule({id: 'test-any', conditions: [{frames: ['ApplySnapshot'], threads: 'any', weight: 1, required: true, why: 'w'}]}), file: 'y.yaml', origin: 'builtin'})
  const verdicts = judgeIncident(i, facts, [crashingOnly, anyThread])
  expect(verdicts.map((v) => [v.rule.spec.id, v.applies])).toEqual([['test-any', true], ['test-rule', false]])
})

test('confidence is the matched weight over all weights, and a missing required condition rules the rule out', () => {
  const i = incident()
  const spec = rule({conditions: [
    {frames: ['getPartition'], weight: 0.6, required: true, why: 'a'},
    {before: {line: 'ApplySnapshot'}, weight: 0.2, why: 'b'},
    {message: 'never there', weight: 0.2, why: 'c'},
  ]})
  const [verdict] = judgeIncident(i, describeIncident(i), [reviveRule({spec, file: 'x.yaml', origin: 'builtin'})], true)
  expect(verdict).toMatchObject({applies: true, confidence: 0.8})
  expect(verdict!.conditions.map((c) => c.matched)).toEqual([true, true, false])
  const required = rule({conditions: [{message: 'never there', weight: 0.1, required: true, why: 'a'}, {before: {line: 'ApplySnapshot'}, weight: 0.9, why: 'b'}]})
  const [ruledOut] = judgeIncident(i, describeIncident(i), [reviveRule({spec: required, file: 'x.yaml', origin: 'builtin'})])
  expect(ruledOut).toMatchObject({applies: false, confidence: 0})
  expect(ruledOut!.reason).toMatch(/^required:/)
})

test('a rule for another system is ruled out by what the crash shows; an unknown system only lowers confidence', () => {
  const i = incident()
  i.events[0]!.frames = [{function: 'github.com/cubefs/cubefs/master.(*Vol).getPartition(0x0)'}]
  const forEtcd = reviveRule({spec: rule({id: 'etcd-x', systems: ['etcd'], conditions: [{frames: ['getPartition'], weight: 1, why: 'w'}]}), file: 'x.yaml', origin: 'builtin'})
  const forCubefs = reviveRule({spec: rule({id: 'cubefs-x', systems: ['cubefs'], conditions: [{frames: ['getPartition'], weight: 1, why: 'w'}]}), file: 'y.yaml', origin: 'builtin'})
  const verdicts = judgeIncident(i, describeIncident(i), [forEtcd, forCubefs])
  expect(verdicts.map((v) => [v.rule.spec.id, v.applies, v.confidence])).toEqual([['cubefs-x', true, 1], ['etcd-x', false, 0]])
  const unknown = incident()
  const [lowered] = judgeIncident(unknown, describeIncident(unknown), [forCubefs])
  expect(lowered!.confidence).toBe(0.85)
})
