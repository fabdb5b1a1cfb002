// blessed-contrib ships no types: exactly what the dashboard uses of it.
declare module 'blessed-contrib' {
  import type {Widgets} from 'blessed'

  type Factory<O, W> = (options: O) => W
  interface ChartOptions extends Widgets.BoxOptions {
    label?: string
  }

  interface LineOptions extends ChartOptions {
    showLegend?: boolean
    legend?: {width: number}
    wholeNumbersOnly?: boolean
    showNthLabel?: number
    xLabelPadding?: number
    xPadding?: number
    numYLabels?: number
    minY?: number
    style?: {line?: string; text?: string; baseline?: string}
  }
  interface LineElement extends Widgets.BoxElement {
    setData(series: {title: string; x: string[]; y: number[]; style?: {line: string}}[]): void
  }

  interface BarOptions extends ChartOptions {
    barWidth?: number
    barSpacing?: number
    xOffset?: number
    maxHeight?: number
    barBgColor?: string
    labelColor?: string
  }
  interface BarElement extends Widgets.BoxElement {
    setData(bars: {titles: string[]; data: number[]}): void
  }

  interface DonutOptions extends ChartOptions {
    radius?: number
    arcWidth?: number
    remainColor?: string
    yPadding?: number
  }
  interface DonutElement extends Widgets.BoxElement {
    setData(slices: {label: string; percent: number; color: string}[]): void
  }

  interface Grid {
    set<O, W>(row: number, col: number, rowSpan: number, colSpan: number, factory: Factory<O, W>, options: O): W
  }

  const contrib: {
    grid: new (options: {rows: number; cols: number; screen: Widgets.Screen; hideBorder?: boolean; color?: string}) => Grid
    line: Factory<LineOptions, LineElement>
    bar: Factory<BarOptions, BarElement>
    donut: Factory<DonutOptions, DonutElement>
  }
  export default contrib
  export type {LineElement, BarElement, DonutElement}
}
