import blessed from 'blessed'
import type {DashboardView} from '../view-model.js'
import {createDashboardWidgets, type DashboardWidgets} from './layout.js'

export interface DashboardScreenOptions {
  /** Default: the process's stdin and stdout. Tests pass fake streams to render headless. */
  input?: NodeJS.ReadableStream
  output?: NodeJS.WritableStream
  terminal?: string
}

export interface DashboardScreenSession {
  /** Resolves on q, Escape or Ctrl-C; rejects when drawing fails, after the terminal is restored. */
  readonly closed: Promise<void>
  show(view: DashboardView): void
  close(): void
  /** What the screen shows now, as plain text lines (for tests and bug reports). */
  snapshot(): string
}

/** The blessed wall screen: full-screen widgets, redrawn on every view and rebuilt on resize. */
export function openDashboardScreen(options: DashboardScreenOptions = {}): DashboardScreenSession {
  const screen = blessed.screen({
    smartCSR: true, title: 'storctl dashboard', warnings: false, autoPadding: true,
    input: options.input as never, output: options.output as never, terminal: options.terminal,
  })
  let widgets: DashboardWidgets | null = null
  let last: DashboardView | null = null
  let open = true
  let settle: {resolve: () => void; reject: (error: unknown) => void} = {resolve: () => undefined, reject: () => undefined}
  const closed = new Promise<void>((resolve, reject) => { settle = {resolve, reject} })

  const close = (): void => {
    if (!open) return
    open = false
    process.removeListener('uncaughtException', fail)
    screen.destroy()
  }
  // Restore the terminal first, so the error is reported on a usable screen.
  function fail(error: unknown): void {
    close()
    settle.reject(error)
  }
  const guarded = (draw: () => void) => (): void => {
    try {
      if (open) draw()
    } catch (error) {
      fail(error)
    }
  }
  const redraw = guarded(() => {
    widgets?.destroy()
    widgets = createDashboardWidgets(screen)
    if (last) widgets.show(last)
    screen.render()
  })

  process.on('uncaughtException', fail)
  screen.key(['q', 'escape', 'C-c'], () => (close(), settle.resolve()))
  screen.on('resize', redraw)
  redraw()
  return {
    closed,
    show: (view) => {
      last = view
      guarded(() => (widgets?.show(view), screen.render()))()
    },
    close,
    snapshot: () => (screen as unknown as {lines: [unknown, string][][]}).lines.map((line) => line.map(([, ch]) => ch).join('').trimEnd()).join('\n'),
  }
}
