import {Args} from '@oclif/core'
import type {EvaluationResult} from '../../analyzer/index.js'
import {BaseCommand} from '../lib/base-command.js'
import {outputResult} from '../lib/output.js'
import {evaluateFolders} from '../services/eval.js'
import {renderEvaluation} from '../ui/render-eval.js'

export default class Eval extends BaseCommand {
  static override summary = 'Score diagnose against labelled crash logs.'
  static override description = `Runs diagnose over every case of one or more folders holding a labels.jsonl (one JSON object per line: id, file, kinds, primary, crashes, rootCause...) and reports detection, kind accuracy, clean negatives, crash counts and root-cause hits, with every miss listed.`
  static override examples = [
    {description: 'Score the project samples', command: '<%= config.bin %> <%= command.id %> samples'},
    {description: 'Score several labelled folders', command: '<%= config.bin %> <%= command.id %> ../shared/corpus/cubefs ../shared/corpus/cpp'},
  ]
  static override strict = false
  static override enableJsonFlag = true
  static override args = {dir: Args.string({description: 'folder with a labels.jsonl (several may be given)', required: true})}

  async run(): Promise<EvaluationResult> {
    const {argv} = await this.parse(Eval)
    const result = await evaluateFolders(argv as string[])
    if (!this.jsonEnabled()) outputResult(renderEvaluation(result))
    return result
  }
}
