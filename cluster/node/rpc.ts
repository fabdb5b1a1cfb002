import http from 'node:http'

/** Every admin and node-to-node request carries the cluster's token. */
export const TOKEN_HEADER = 'x-storctl-token'

export class RpcError extends Error {
  constructor(message: string, readonly status: number | null) {
    super(message)
  }
}

export interface RpcOptions {
  token: string
  timeoutMs?: number
  method?: 'GET' | 'POST'
}

/** A JSON request to a node on 127.0.0.1. */
export function callNode(port: number, route: string, body: unknown, options: RpcOptions): Promise<unknown> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
  const method = options.method ?? (payload ? 'POST' : 'GET')
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: '127.0.0.1', port, path: route, method,
      headers: {[TOKEN_HEADER]: options.token, 'content-type': 'application/json', ...(payload ? {'content-length': payload.length} : {})},
      timeout: options.timeoutMs ?? 2000,
      agent: false,
    }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: unknown = text
        try {
          parsed = text ? JSON.parse(text) : null
        } catch { /* a plain-text answer stays text */ }
        if ((res.statusCode ?? 500) >= 400) {
          const message = typeof parsed === 'object' && parsed !== null && 'error' in parsed ? String((parsed as {error: unknown}).error) : text
          reject(new RpcError(`${route}: ${res.statusCode} ${message}`, res.statusCode ?? null))
        } else resolve(parsed)
      })
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new RpcError(`${route}: no answer from 127.0.0.1:${port} within ${options.timeoutMs ?? 2000} ms`, null)))
    req.on('error', (error) => reject(error instanceof RpcError ? error : new RpcError(`${route}: ${error.message}`, null)))
    req.end(payload)
  })
}

export type RouteHandler = (body: unknown) => unknown | Promise<unknown>

/** An HTTP server on 127.0.0.1 only, answering JSON, refusing requests without the token. */
export function serveRoutes(port: number, token: string, routes: ReadonlyMap<string, RouteHandler>): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const send = (status: number, value: unknown) => {
      const text = JSON.stringify(value)
      res.writeHead(status, {'content-type': 'application/json', 'content-length': Buffer.byteLength(text)})
      res.end(text)
    }
    if (req.headers[TOKEN_HEADER] !== token) return send(401, {error: 'missing or wrong token'})
    const route = (req.url ?? '/').split('?')[0] ?? '/'
    const handler = routes.get(route)
    if (!handler) return send(404, {error: `no route ${route}`})
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let body: unknown = null
      try {
        body = chunks.length > 0 ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null
      } catch {
        return send(400, {error: 'body is not JSON'})
      }
      Promise.resolve()
        .then(() => handler(body))
        .then((value) => send(200, value ?? {ok: true}), (error: unknown) => send(500, {error: error instanceof Error ? error.message : String(error)}))
    })
  })
  server.keepAliveTimeout = 1000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}
