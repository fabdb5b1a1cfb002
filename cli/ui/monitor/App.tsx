import {Box, useApp, useInput} from 'ink'
import {useEffect, useMemo, useRef, useState} from 'react'
import type {MonitorSession} from '../../services/monitor.js'
import {faultChoices, filterLines, nodeRows, type MonitorLine} from '../../services/monitor-model.js'
import {Footer, Header} from './Chrome.js'
import {CrashDetailView} from './CrashDetailView.js'
import {CrashesView} from './CrashesView.js'
import {detailLines} from './detail-lines.js'
import {FaultMenu} from './FaultMenu.js'
import {HelpView} from './HelpView.js'
import {LogsView} from './LogsView.js'
import {NodesView} from './NodesView.js'
import {initialUiState, LEVEL_FILTERS, reduceKey, splitKeys, type KeyContext, type UiState} from './state.js'
import {useMonitorData} from './use-monitor-data.js'
import {useTerminalSize, type TerminalSize} from './use-terminal-size.js'

export interface AppProps {
  session: MonitorSession
  refreshMs: number
  /** Runs a fault scenario on a node of the reference cluster; resolves to a one-line outcome. */
  injectFault: (scenario: string, node: string) => Promise<string>
  /** Fixed size (tests); the terminal's otherwise. */
  size?: TerminalSize
}

const matches = (needle: string, ...fields: (string | number | null)[]): boolean =>
  needle === '' || fields.some((f) => f !== null && String(f).toLowerCase().includes(needle.toLowerCase()))

/** While paused, the Logs view keeps the lines it had; the count of what arrived since is shown. */
function usePaused(lines: MonitorLine[], follow: boolean, newLines: number): {lines: MonitorLine[]; arrived: number} {
  const frozen = useRef<{lines: MonitorLine[]; newLines: number} | null>(null)
  if (follow) frozen.current = null
  else frozen.current ??= {lines, newLines}
  return frozen.current === null ? {lines, arrived: 0} : {lines: frozen.current.lines, arrived: newLines - frozen.current.newLines}
}

export function App({session, refreshMs, injectFault, size}: AppProps) {
  const {exit} = useApp()
  const terminal = useTerminalSize()
  const {columns: width, rows} = size ?? terminal
  // One line short of the screen: a full-height frame makes ink clear the whole terminal on every update.
  const bodyHeight = Math.max(3, rows - 3)
  const {data, cluster, now, error} = useMonitorData(session, refreshMs)
  const [ui, setUi] = useState<UiState>(() => initialUiState())

  const nodes = useMemo(() => nodeRows(data, cluster, now).filter((n) => matches(ui.filters.nodes, n.id, n.role, n.health)), [data, cluster, now, ui.filters.nodes])
  const groups = useMemo(() => data.groups.filter((g) => matches(ui.filters.crashes, g.node, g.kind, g.rule ?? 'unknown', g.fingerprint)), [data.groups, ui.filters.crashes])
  const filtered = useMemo(() => filterLines(data.lines, {text: ui.filters.logs, minLevel: LEVEL_FILTERS[ui.level]!.rank, node: ui.logNode}), [data.lines, ui.filters.logs, ui.level, ui.logNode])
  const logs = usePaused(filtered, ui.follow, data.newLines)
  const detail = useMemo(() => (ui.detailId === null ? null : session.crashDetail(ui.detailId)), [session, ui.detailId])
  const detailText = useMemo(() => (detail === null ? null : detailLines(detail, width)), [detail, width])
  const faults = useMemo(() => faultChoices(cluster), [cluster])
  const fault = faults[ui.cursor.faults]

  const ctx: KeyContext = {
    rows: ({nodes: nodes.length, crashes: groups.length, logs: logs.lines.length, detail: detailText?.length ?? 0, faults: faults.length, help: 0})[ui.view],
    page: Math.max(1, bodyHeight - 2),
    selectedNode: nodes[ui.cursor.nodes]?.id ?? null,
    selectedCrashId: groups[ui.cursor.crashes]?.lastId ?? null,
    faultTargets: session.clusterDir === null ? null : (fault?.targets.length ?? 0),
  }
  const ctxRef = useRef(ctx)
  ctxRef.current = ctx
  useInput((input, key) => setUi((s) => splitKeys({...key, input}).reduce((next, k) => reduceKey(next, k, ctxRef.current), s)))

  useEffect(() => {
    if (ui.quit) exit()
  }, [ui.quit, exit])
  useEffect(() => {
    const request = ui.request
    if (request === null) return
    const choice = faults[request.scenario]
    const node = choice?.targets[request.target % Math.max(1, choice.targets.length)]
    const done = (message: string) => setUi((s) => ({...s, request: null, message}))
    if (!choice || node === undefined) return done('no such fault scenario or target')
    injectFault(choice.id, node).then(done, (e: unknown) => done(`fault ${choice.id} on ${node} failed: ${(e as Error).message}`))
  }, [ui.request, faults, injectFault])

  const newGroups = data.groups.filter((g) => g.isNew).length
  const crashCount = data.groups.reduce((n, g) => n + g.count, 0)
  const where = session.clusterDir ?? session.file
  const header = ` storctl monitor  :${ui.view}  ${nodes.length} nodes  ${crashCount} crashes (${newGroups} new)  +${data.newLines} lines  ${error ?? where}`
  const level = LEVEL_FILTERS[ui.level]!.label
  const logStatus = [`logs${ui.logNode ? ` of ${ui.logNode}` : ''}`, `level ${level}`, ui.filters.logs ? `filter "${ui.filters.logs}"` : null, `${logs.lines.length} shown`,
    ui.follow ? 'following' : `PAUSED (+${logs.arrived} new)`].filter((p) => p !== null).join(' · ')
  const confirm = `inject ${fault?.id ?? '?'} on ${fault?.targets[ui.faultTarget % Math.max(1, fault.targets.length)] ?? '?'}? y/N`

  const body = {
    nodes: <NodesView rows={nodes} cursor={ui.cursor.nodes} height={bodyHeight} width={width} />,
    crashes: <CrashesView groups={groups} cursor={ui.cursor.crashes} height={bodyHeight} width={width} now={now} />,
    logs: <LogsView lines={logs.lines} scroll={ui.cursor.logs} status={logStatus} height={bodyHeight} width={width} now={now} />,
    detail: <CrashDetailView lines={detailText} scroll={ui.cursor.detail} height={bodyHeight} width={width} />,
    help: <HelpView height={bodyHeight} width={width} />,
    faults: <FaultMenu choices={faults} cursor={ui.cursor.faults} target={ui.faultTarget} height={bodyHeight} width={width} />,
  }[ui.view]
  return (
    <Box flexDirection="column" width={width} height={bodyHeight + 2}>
      <Header text={header} width={width} />
      {body}
      <Footer ui={ui} confirm={confirm} width={width} />
    </Box>
  )
}
