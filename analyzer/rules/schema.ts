// The rule format: one TypeScript definition, from which rules/schema.json is generated and the
// Rule type is derived. Every rule file under rules/ is validated against it when loaded.
import {type Static, Type} from '@sinclair/typebox'
import {CRASH_KINDS} from '../model.js'

const Pattern = Type.String({minLength: 1, description: 'JavaScript regular expression; a leading (?i) makes it case-insensitive; linted against catastrophic backtracking'})
const Kind = Type.Union(CRASH_KINDS.map((k) => Type.Literal(k)))
const Window = Type.Object(
  {
    lines: Type.Optional(Type.Integer({minimum: 1, maximum: 5000, description: 'at most this many lines away'})),
    seconds: Type.Optional(Type.Number({minimum: 0, description: 'at most this many seconds away (when lines are timed)'})),
  },
  {additionalProperties: false},
)

const common = {
  weight: Type.Number({minimum: 0, maximum: 1, description: 'how much a match adds to the confidence'}),
  required: Type.Optional(Type.Boolean({description: 'the rule does not apply without this match'})),
  why: Type.String({minLength: 1, description: 'shown with the evidence: what this match says'}),
}
const condition = <P extends Parameters<typeof Type.Object>[0]>(props: P, description: string) =>
  Type.Object({...props, ...common}, {additionalProperties: false, description})

export const ConditionSchema = Type.Union([
  condition(
    {
      frames: Type.Array(Pattern, {minItems: 1}),
      inOrder: Type.Optional(Type.Boolean({description: 'the patterns match frames innermost first, in this order'})),
      top: Type.Optional(Type.Integer({minimum: 1, description: 'only the first N meaningful frames count'})),
      threads: Type.Optional(
        Type.Union([Type.Literal('crashing'), Type.Literal('any')], {description: "'any' also searches the other threads/goroutines printed with the crash (default: the crashing one)"}),
      ),
    },
    'every pattern matches a normalised function name of the crashing frames',
  ),
  condition({message: Pattern}, 'a message of the crash (panic value, assertion, allocator report) matches'),
  condition({signal: Type.Array(Type.String({pattern: '^SIG[A-Z]+$'}), {minItems: 1})}, 'the crash signal is one of these'),
  condition(
    {faultAddress: Type.Object({below: Type.Optional(Type.String({pattern: '^0x[0-9a-fA-F]+$'})), atLeast: Type.Optional(Type.String({pattern: '^0x[0-9a-fA-F]+$'}))}, {additionalProperties: false})},
    'the fault address is in this range (below 0x1000: a null dereference)',
  ),
  condition(
    {event: Type.Object({kind: Kind, minBytes: Type.Optional(Type.Number({minimum: 0, description: 'for large-alloc: at least this many bytes'}))}, {additionalProperties: false})},
    'the crash includes an event of this kind (e.g. a tcmalloc large alloc before the invalid free)',
  ),
  condition({before: Type.Object({line: Pattern, within: Type.Optional(Window)}, {additionalProperties: false})}, 'a log line of the same node before the crash matches'),
  condition({after: Type.Object({line: Pattern, within: Type.Optional(Window)}, {additionalProperties: false})}, 'a log line of the same node after the crash matches'),
  condition(
    {version: Type.Object({line: Pattern, range: Type.String({minLength: 1, description: 'semver range, e.g. ">=3.4.0 <3.5.0"'})}, {additionalProperties: false})},
    'a version printed in the log (first capture group of `line`) is in the range',
  ),
])
export type Condition = Static<typeof ConditionSchema>

const Example = Type.Object(
  {
    file: Type.String({minLength: 1, description: 'a log under samples/, relative to the repository root'}),
    crash: Type.Optional(Type.Integer({minimum: 1, description: 'which crash of the file (1-based), when it has several'})),
  },
  {additionalProperties: false},
)

export const RuleSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    id: Type.String({pattern: '^[a-z0-9]+(?:-[a-z0-9]+)+$', description: '<system>-<what>, equal to the file name'}),
    title: Type.String({minLength: 1}),
    generic: Type.Optional(Type.Boolean({description: 'advice for a kind of crash, not a known root cause'})),
    systems: Type.Optional(Type.Array(Type.String({minLength: 1}), {description: 'systems it applies to (inferred from the crash); any when absent'})),
    components: Type.Optional(Type.Array(Type.String({minLength: 1}))),
    kinds: Type.Array(Kind, {minItems: 1, description: 'crash kinds it applies to'}),
    minConfidence: Type.Optional(Type.Number({minimum: 0, maximum: 1, description: 'confidence below which the rule is not offered (default 0.5)'})),
    conditions: Type.Array(ConditionSchema, {minItems: 1}),
    rootCause: Type.String({minLength: 1}),
    remediation: Type.Array(Type.String({minLength: 1}), {minItems: 1}),
    references: Type.Array(Type.String({pattern: '^https://'})),
    examples: Type.Array(Example, {minItems: 1, description: 'samples where this rule must be the top diagnosis'}),
  },
  {additionalProperties: false, $id: 'https://storctl.dev/rules/schema.json', title: 'storctl rule'},
)
export type RuleSpec = Static<typeof RuleSchema>
