import {Args, Flags} from '@oclif/core'
import ansis from 'ansis'
import type {Report} from '../../analyzer/index.js'
import {BaseCommand} from '../lib/base-command.js'
import {outputResult, outputWarning} from '../lib/output.js'
import {ruleDirs, rulesFlag} from '../lib/rule-dirs.js'
import {diagnose, problemLine} from '../services/diagnose.js'
import {progressOnTty} from '../ui/progress.js'
import {renderReportMarkdown} from '../ui/render-markdown.js'
import {renderReportText} from '../ui/render-text.js'

export default class Diagnose extends BaseCommand {
  static override summary = 'Say what crashed, why, and what to do, from crash logs.'
  static override description = `Reads crash logs (files, directories, .gz, or - for standard input) and reports every crash in them: its kind (sigsegv, invalid-free, large-alloc, panic, abort, oom, sigbus, sigill, sigfpe), the evidence lines, the top frames, and a diagnosis with remediation.

Exit status: 0 no crash found; 1 crashes found (the report is printed in full); 2 usage error; 3 an input could not be read (missing, unreadable, binary, corrupt .gz, empty directory); 70 internal error.`
  static override examples = [
    {description: 'Diagnose a crash log', command: '<%= config.bin %> <%= command.id %> samples/go-nil-pointer-panic.log'},
    {description: 'Every log under a directory, including rotated .gz files', command: '<%= config.bin %> <%= command.id %> /var/log/cubefs/'},
    {description: 'From a pipeline, as JSON', command: 'journalctl -u pegasus-replica --since -1h | <%= config.bin %> <%= command.id %> - --json'},
    {description: 'Markdown to paste into an issue', command: '<%= config.bin %> <%= command.id %> replica.log --format markdown > crash.md'},
    {description: 'Why a rule did or did not match, with your own rules added', command: '<%= config.bin %> <%= command.id %> master.log --explain --rules ./my-rules'},
  ]
  static override strict = false
  static override enableJsonFlag = true
  static override args = {
    path: Args.string({description: 'log file, directory or .gz; - reads standard input (several may be given)', required: true}),
  }
  static override flags = {
    format: Flags.string({char: 'f', description: 'output format', options: ['text', 'json', 'markdown'], default: 'text'}),
    explain: Flags.boolean({description: 'show, per candidate rule, which conditions matched and which did not'}),
    rules: rulesFlag,
  }

  async run(): Promise<Report> {
    const {argv, flags} = await this.parse(Diagnose)
    const progress = progressOnTty()
    const options = {ruleDirs: ruleDirs(flags.rules), explain: flags.explain, onProgress: progress.update}
    const outcome = await diagnose(argv as string[], options).finally(progress.stop)
    for (const problem of outcome.problems) outputWarning(problemLine(problem))
    if (!this.jsonEnabled()) {
      if (flags.format === 'json') outputResult(JSON.stringify(outcome.report, null, 2))
      else if (flags.format === 'markdown') outputResult(renderReportMarkdown(outcome.report))
      else outputResult(renderReportText(outcome.report, {color: ansis.isSupported()}))
    }
    process.exitCode = outcome.exitCode
    return outcome.report
  }
}
