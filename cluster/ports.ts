import net from 'node:net'

/** True when nothing listens on 127.0.0.1:port (we can bind it). */
export function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen({port, host: '127.0.0.1', exclusive: true}, () => server.close(() => resolve(true)))
  })
}

/** A port the kernel hands out on 127.0.0.1 right now. */
function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen({port: 0, host: '127.0.0.1', exclusive: true}, () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

/**
 * `count` distinct free ports: consecutive from `base` when they are free (easy to remember),
 * otherwise ports the kernel picks.
 */
export async function pickPorts(count: number, base: number): Promise<number[]> {
  const ports: number[] = []
  for (let port = base; ports.length < count && port < base + count; port++) {
    if (await portFree(port)) ports.push(port)
    else break
  }
  while (ports.length < count) {
    const port = await ephemeralPort()
    if (!ports.includes(port)) ports.push(port)
  }
  return ports
}
