type MonitorUi = typeof import('./run-monitor.js')

/** Variables by which ink's `is-in-ci` decides that it runs in CI. */
const CI_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION'] as const

/**
 * The monitor's UI as the build bundled it (one file: much faster to load), else its modules (a
 * tsc-only build, the tests).
 *
 * ink reads CI and CONTINUOUS_INTEGRATION once, when it is loaded, and in "CI" draws only the last
 * frame, when the app exits: the monitor would show a blank screen to anyone whose shell exports CI.
 * The monitor runs only on a TTY (its command checks), so they are hidden while ink loads and put
 * back at once: nothing else, children included, sees the environment changed.
 */
export async function loadMonitorUi(): Promise<MonitorUi> {
  const saved = CI_VARIABLES.map((name) => [name, process.env[name]] as const)
  for (const [name] of saved) delete process.env[name]
  try {
    const bundle = new URL('./run-monitor.bundle.js', import.meta.url).href
    return await (import(bundle) as Promise<MonitorUi>).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ERR_MODULE_NOT_FOUND') throw error
      return import('./run-monitor.js')
    })
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value
  }
}
