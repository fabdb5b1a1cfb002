import {Args} from '@oclif/core'
import ansis from 'ansis'
import {BaseCommand} from '../lib/base-command.js'
import {outputResult} from '../lib/output.js'
import {storeFile, storeFlags} from '../lib/store-flags.js'
import {query, type QueryResult} from '../services/store.js'
import {renderQueryResult} from '../ui/render-store.js'

export default class Query extends BaseCommand {
  static override summary = 'Ask the store a question in SQL (one read-only statement).'
  static override description = `Runs one SELECT (or WITH ... SELECT) over the store and prints the result as a table, or as {columns, rows} with --json. The tables are stable for scripts: sources (the files watched), log_lines (source_id, line_no, ts in epoch ms, level, node, text), crashes (node, kind, rule, confidence, ts, report_json, ...).

The store is opened read-only: a write (INSERT, UPDATE, DELETE, DDL, PRAGMA that changes state) is refused with code query-not-read-only, and a second statement or bad SQL with code query-invalid. It works while storctl watch writes.

Exit status: 0 answered; 2 the query is invalid or not read-only, or a usage error; 3 the store is missing or not a storctl store; 70 internal error.`
  static override examples = [
    {description: 'Crashes per node and kind', command: `<%= config.bin %> <%= command.id %> "SELECT node, kind, count(*) AS n FROM crashes GROUP BY node, kind ORDER BY n DESC"`},
    {description: 'Error lines in the minute before each crash', command: `<%= config.bin %> <%= command.id %> "SELECT c.id, l.node, l.text FROM crashes c JOIN log_lines l ON l.ts BETWEEN c.ts - 60000 AND c.ts WHERE l.level = 'ERROR'"`},
    {description: 'As JSON, for a script', command: `<%= config.bin %> <%= command.id %> "SELECT count(*) FROM log_lines" --json`},
  ]
  static override enableJsonFlag = true
  static override args = {sql: Args.string({description: 'one read-only SQL statement', required: true})}
  static override flags = {...storeFlags}

  async run(): Promise<QueryResult> {
    const {args, flags} = await this.parse(Query)
    const result = query(storeFile(flags), args.sql)
    if (!this.jsonEnabled()) outputResult(renderQueryResult(result, {color: ansis.isSupported()}))
    return result
  }
}
