import {spawn, type ChildProcess} from 'node:child_process'
import {appendFileSync, mkdirSync, mkdtempSync} from 'node:fs'
import {tmpdir} from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import {afterEach, expect, test} from 'vitest'
import {ROOT} from '../helpers/cli.js'

const BIN = path.join(ROOT, 'cli/bin/run.js')
const ROUNDS = 6
const children: ChildProcess[] = []
let writer: NodeJS.Timeout | null = null

afterEach(() => {
  if (writer) clearInterval(writer)
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function startWatch(logs: string, db: string): ChildProcess {
  const child = spawn(process.execPath, [BIN, 'watch', logs, '--db', db, '--idle-ms', '200'], {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, NO_COLOR: '1'}})
  children.push(child)
  return child
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code))))
}

const record = (n: number) => `2026/11/21 16:26:30.739618 server.go:1: [INFO] record ${n}`

function stored(db: string): {lines: number; distinct: number; texts: string[]} {
  const reader = new Database(db, {readonly: true, fileMustExist: true})
  try {
    const counts = reader.prepare('SELECT count(*) AS lines, count(DISTINCT text) AS "distinct" FROM log_lines').get() as {lines: number; distinct: number}
    return {...counts, texts: reader.prepare('SELECT text FROM log_lines ORDER BY line_no').pluck().all() as string[]}
  } catch {
    return {lines: 0, distinct: 0, texts: []}
  } finally {
    reader.close()
  }
}

test('watch killed with SIGKILL at random moments while a writer appends: every line is stored exactly once', async () => {
  // Given a log a writer keeps appending numbered lines to
  const dir = mkdtempSync(path.join(tmpdir(), 'storctl-watch-kill-'))
  const logs = path.join(dir, 'logs')
  mkdirSync(logs)
  const db = path.join(dir, 'storctl.db')
  const log = path.join(logs, 'node.log')
  let written = 0
  const writeSome = () => {
    const n = 1 + Math.floor(Math.random() * 40)
    appendFileSync(log, Array.from({length: n}, () => `${record(++written)}\n`).join(''))
  }
  writeSome()
  writer = setInterval(writeSome, 3)
  // When watch is killed -9 at random moments, round after round
  for (let round = 0; round < ROUNDS; round++) {
    const child = startWatch(logs, db)
    await sleep(400 + Math.random() * 1600)
    child.kill('SIGKILL')
    await exited(child)
  }
  clearInterval(writer)
  writer = null
  // Then a last run catches up, stops cleanly on SIGINT, and every line is there once
  const last = startWatch(logs, db)
  for (let waited = 0; stored(db).lines < written && waited < 15_000; waited += 100) await sleep(100)
  await sleep(500)
  last.kill('SIGINT')
  expect(await exited(last)).toBe(0)
  expect(written).toBeGreaterThan(1000)
  const expected = Array.from({length: written}, (_, i) => record(i + 1))
  expect(stored(db)).toEqual({lines: written, distinct: written, texts: expected})
}, 60_000)
