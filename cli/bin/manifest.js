#!/usr/bin/env node
// Build step: writes oclif.manifest.json, so that a command starts without importing every other
// command (and the cluster and TUI code they pull in) to list them.
import {rmSync, writeFileSync} from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {Config} from '@oclif/core'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const target = path.join(root, 'oclif.manifest.json')
rmSync(target, {force: true})
const config = await Config.load({root})
const plugin = config.plugins.get(config.pjson.name)
writeFileSync(target, `${JSON.stringify(plugin.manifest, null, 2)}\n`)
console.log(`oclif.manifest.json: ${Object.keys(plugin.manifest.commands).length} commands`)
