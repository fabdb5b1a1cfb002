import blessed, {type Widgets} from 'blessed'
import contrib, {type BarElement, type DonutElement, type LineElement} from 'blessed-contrib'
import {cleanText, fitBars, fitLines, layoutTable, type DashboardView} from '../view-model.js'

/** Grid cells (row, col, rowSpan, colSpan of 12x12): every widget keeps a border and a title at 80x24. */
const CELLS: Record<'rates' | 'kinds' | 'known' | 'nodes' | 'recent' | 'tail', [number, number, number, number]> = {
  rates: [0, 0, 4, 4], kinds: [0, 4, 4, 4], known: [0, 8, 4, 4],
  nodes: [4, 0, 4, 6], recent: [4, 6, 4, 6], tail: [8, 0, 4, 12],
}
const BAR_OFFSET = 1
const LEGEND_WIDTH = 16
const QUIT_HINT = ' · q quits'

export interface DashboardWidgets {
  show(view: DashboardView): void
  destroy(): void
}

const box = (label: string) => (options: Widgets.BoxOptions) => blessed.box({...options, label: ` ${label} `, tags: false, wrap: false})
/** Inner size of a bordered widget. */
const inner = (w: Widgets.BoxElement) => ({width: Math.max(1, Number(w.width) - 2), height: Math.max(0, Number(w.height) - 2)})
/** A title longer than its border would wrap into the widget. */
const title = (w: Widgets.BoxElement, text: string) => w.setLabel(` ${cleanText(text, Math.max(1, Number(w.width) - 6))} `)

/** Builds the widgets for the screen's current size; a resize builds them again (charts size their canvas once). */
export function createDashboardWidgets(screen: Widgets.Screen): DashboardWidgets {
  const grid = new contrib.grid({rows: 12, cols: 12, screen, color: 'cyan'})
  const at = (name: keyof typeof CELLS) => CELLS[name]
  const wide = Number(screen.width) >= 120
  const rates: LineElement = grid.set(...at('rates'), contrib.line, {label: ' lines/s per node ', showLegend: wide, legend: {width: LEGEND_WIDTH},
    wholeNumbersOnly: true, xLabelPadding: 3, xPadding: 5, numYLabels: 3, style: {text: 'white', baseline: 'white'}})
  const kinds: BarElement = grid.set(...at('kinds'), contrib.bar, {label: ' crash kinds ', xOffset: BAR_OFFSET, maxHeight: 1, barBgColor: 'red', labelColor: 'white'})
  const known: DonutElement = grid.set(...at('known'), contrib.donut, {label: ' known vs unknown ', remainColor: 'black', yPadding: 2})
  const nodes = grid.set(...at('nodes'), box('nodes'), {})
  const recent = grid.set(...at('recent'), box('recent crashes'), {})
  const tail = grid.set(...at('tail'), box('log tail'), {})
  const widgets: Widgets.BoxElement[] = [rates, kinds, known, nodes, recent, tail]
  sizeDonut(known)

  return {
    show(view) {
      title(rates, view.rates.title)
      const series = view.rates.series.length > 0 ? view.rates.series : [{title: '', x: ['0'], y: [0], style: {line: 'white'}}]
      rates.options.showNthLabel = Math.max(1, Math.ceil((series[0]?.x.length ?? 1) / Math.max(1, Math.floor(inner(rates).width / 6))))
      rates.setData(series)
      title(kinds, view.kinds.title)
      const {barSpacing, barWidth, ...bars} = fitBars(view.kinds, inner(kinds).width - BAR_OFFSET)
      Object.assign(kinds.options, {barSpacing, barWidth})
      kinds.setData(bars)
      title(known, view.known.title)
      known.setData(view.known.slices)
      for (const [widget, part] of [[nodes, view.nodes], [recent, view.recent]] as const) {
        title(widget, part.title)
        widget.setContent(layoutTable(part.table, inner(widget).width).slice(0, inner(widget).height).join('\n'))
      }
      title(tail, `${view.tail.title}${QUIT_HINT}`)
      tail.setContent(fitLines(view.tail.lines, inner(tail).width, inner(tail).height).join('\n'))
    },
    destroy() {
      for (const w of widgets) w.destroy()
    },
  }
}

/** Two donuts side by side in whatever room the cell has. */
function sizeDonut(donut: DonutElement): void {
  const canvas = (donut as unknown as {canvasSize: {width: number; height: number}}).canvasSize
  const radius = Math.max(2, Math.min(Math.floor(canvas.width / 4) - 1, Math.floor(canvas.height / 2) - 2))
  Object.assign(donut.options, {radius, arcWidth: Math.max(1, Math.floor(radius / 3))})
}
