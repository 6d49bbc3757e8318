import { type Server, type Socket, createConnection, createServer } from 'node:net'

/**
 * A TCP relay between one server instance and Redis, so the soak can partition that instance
 * alone: `cut(ms)` drops its connections and refuses new ones for `ms`, while the other
 * instances keep talking to Redis.
 */
export class RedisProxy {
  private readonly sockets = new Set<Socket>()
  private cutUntil = 0

  private constructor(private readonly server: Server, readonly port: number) {}

  static start(targetPort: number): Promise<RedisProxy> {
    return new Promise((resolve, reject) => {
      let proxy: RedisProxy | null = null
      const server = createServer((client) => {
        if (proxy === null || Date.now() < proxy.cutUntil) return void client.destroy()
        const upstream = createConnection({ host: '127.0.0.1', port: targetPort })
        const pair = proxy
        for (const socket of [client, upstream]) {
          pair.sockets.add(socket)
          socket.on('error', () => {})
          socket.on('close', () => {
            pair.sockets.delete(socket)
            client.destroy()
            upstream.destroy()
          })
        }
        client.pipe(upstream)
        upstream.pipe(client)
      })
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        const address = server.address()
        if (address === null || typeof address === 'string') return reject(new Error('proxy: no TCP address'))
        proxy = new RedisProxy(server, address.port)
        resolve(proxy)
      })
    })
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  /** The instance loses Redis for `ms`: every connection dropped, reconnects refused until then. */
  cut(ms: number): void {
    this.cutUntil = Date.now() + ms
    for (const socket of this.sockets) socket.destroy()
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }
}
