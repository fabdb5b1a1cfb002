// A shell reporting that its child died of a signal: `./run.sh: line 12:  4242 Segmentation fault (core dumped) ./prog`,
// `Aborted (core dumped)`, zsh's `zsh: segmentation fault  ./prog`.
import type {LogLine, TraceEvent} from '../model.js'
import {kindOfSignal, normaliseSignal} from './native-signals.js'
import {addKinds, cite, newEvent} from './postmortem-event.js'
import type {PatternTable, PushResult, TraceFormat, TraceParser} from './types.js'

const BASH_SIGNALS = String.raw`Segmentation fault|Aborted|Bus error|Illegal instruction|Floating point exception|Killed|Trace\/breakpoint trap`
const ZSH_SIGNALS = String.raw`segmentation fault|abort|bus error|illegal hardware instruction|floating point exception|killed|trace trap`

export const SHELL_EXIT_PATTERNS = {
  // bash non-interactive: `<script>: line <n>: <pid> <signal> [(core dumped)] <command>`
  scriptJob: {
    re: new RegExp(String.raw`^(?<script>\S+): line (?<at>\d+): +(?<pid>\d+) (?<desc>${BASH_SIGNALS})(?<core> +\(core dumped\))?(?: +(?<cmd>\S.*))?$`),
    examples: ['./run.sh: line 1577: 112214 Segmentation fault      ./pegasus_shell ${CONFIG} $CLUSTER_NAME', './start.sh: line 4:  5405 Aborted                 (core dumped) ./kvserver --config=etc/replica-2.ini'],
  },
  // bash interactive job table: `[1]+  Segmentation fault      (core dumped) ./prog`
  interactiveJob: {
    re: new RegExp(String.raw`^\[\d+\][+-]? +(?<desc>${BASH_SIGNALS})(?<core> +\(core dumped\))?(?: +(?<cmd>\S.*))?$`),
    examples: ['[1]+  Segmentation fault      (core dumped) ./kvserver --config=etc/replica-1.ini', '[2]-  Killed                  ./kvserver'],
  },
  zsh: {
    re: new RegExp(String.raw`^zsh: (?<desc>${ZSH_SIGNALS})(?<core> \(core dumped\))? +(?<cmd>\S.*)$`),
    examples: ['zsh: segmentation fault (core dumped)  ./kvserver --config=etc/replica-1.ini', 'zsh: abort      ./kvserver'],
  },
  // The message alone on its line (sh, dash, a wrapper's output).
  bare: {
    re: new RegExp(String.raw`^(?<desc>${BASH_SIGNALS})(?<core> \(core dumped\))?$`),
    examples: ['Segmentation fault (core dumped)', 'Aborted (core dumped)', 'Killed', 'Bus error'],
  },
} as const satisfies PatternTable

const ZSH_NAMES: Readonly<Record<string, string>> = {'illegal hardware instruction': 'SIGILL', 'trace trap': 'SIGTRAP'}

function matchOf(text: string): Record<string, string | undefined> | null {
  const t = text.trim()
  const p = SHELL_EXIT_PATTERNS
  return (p.scriptJob.re.exec(t) ?? p.interactiveJob.re.exec(t) ?? p.zsh.re.exec(t) ?? p.bare.re.exec(t))?.groups ?? null
}

/** The event of one shell line; SIGKILL (`Killed`) carries no crash kind: an OOM kill or an operator's kill -9. */
function shellEvent(line: LogLine, g: Record<string, string | undefined>): TraceEvent {
  const desc = g.desc ?? ''
  const event = newEvent(shellExitFormat.id, line, null)
  event.signal = ZSH_NAMES[desc] ?? normaliseSignal(desc)
  addKinds(event, [event.signal ? kindOfSignal(event.signal) : null])
  event.message = line.text.trim().split(' ').filter(Boolean).join(' ')
  if (g.pid) event.pid = Number(g.pid)
  if (g.cmd) event.facts.command = g.cmd
  if (g.script) event.facts.script = g.script
  event.facts.coreDumped = Boolean(g.core)
  cite(event, line, 'the shell reports the process died of a signal')
  return event
}

class ShellExitParser implements TraceParser {
  constructor(private readonly event: TraceEvent) {}

  push(): PushResult {
    return 'ended'
  }

  finish(): TraceEvent[] {
    return [this.event]
  }
}

export const shellExitFormat: TraceFormat = {
  id: 'shell-exit',
  runtime: null,
  stage: 'postmortem',
  triggers: ['Segmentation fault', 'Aborted', 'Bus error', 'Illegal instruction', 'Floating point exception', 'Killed', 'breakpoint trap', 'zsh: '],
  patterns: SHELL_EXIT_PATTERNS,
  detect: (line) => matchOf(line.text) !== null,
  parse: (first) => new ShellExitParser(shellEvent(first, matchOf(first.text) ?? {})),
}
