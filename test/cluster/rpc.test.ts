import type {AddressInfo} from 'node:net'
import {expect, test} from 'vitest'
import {callNode, RpcError, serveRoutes} from '../../cluster/node/rpc.js'
import {pickPorts} from '../../cluster/ports.js'

test('a node listens on 127.0.0.1 only and refuses a request without the cluster token', async () => {
  const [port] = await pickPorts(1, 30000 + Math.floor(Math.random() * 20000))
  const server = await serveRoutes(port!, 'secret', new Map([['/health', () => ({healthy: true})]]))
  try {
    expect((server.address() as AddressInfo).address).toBe('127.0.0.1')
    await expect(callNode(port!, '/health', undefined, {token: 'secret'})).resolves.toEqual({healthy: true})
    const refused = callNode(port!, '/health', undefined, {token: 'guess'})
    await expect(refused).rejects.toBeInstanceOf(RpcError)
    await expect(refused).rejects.toMatchObject({status: 401})
    await expect(callNode(port!, '/nope', undefined, {token: 'secret'})).rejects.toMatchObject({status: 404})
  } finally {
    server.close()
  }
})
