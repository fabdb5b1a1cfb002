#!/usr/bin/env node
// Build step: writes dist/rules.snapshot.json, the built-in rules and kind guidance as read and
// checked now, so that commands skip parsing and validating their YAML while it is unchanged
// (see analyzer/rules/snapshot.ts). A built-in file with problems is left out: read, it reports them.
import {readdirSync, rmSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
rmSync(path.join(root, 'dist', 'rules.snapshot.json'), {force: true})
const {loadRules} = await import('../../dist/analyzer/rules/load.js')
const {loadKindGuidance} = await import('../../dist/analyzer/guidance/kinds.js')
const {writeSnapshot} = await import('../../dist/analyzer/rules/snapshot.js')

const {rules, problems} = loadRules()
const kindsDir = path.join(root, 'rules', 'kinds')
const guidance = loadKindGuidance(kindsDir)
const kindFiles = readdirSync(kindsDir).filter((f) => f.endsWith('.yaml'))
const checked = [
  ...rules.map((r) => ({file: r.file, data: r.spec})),
  ...kindFiles.map((f) => ({file: path.join(kindsDir, f), data: guidance.get(f.replace(/\.yaml$/, ''))})).filter((e) => e.data !== undefined),
]
const target = writeSnapshot(checked)
console.log(`${path.relative(root, target)}: ${rules.length} rules, ${checked.length - rules.length} kinds${problems.length > 0 ? `, ${problems.length} problem(s) left to report` : ''}`)
