/**
 * Child process of the reconnect benchmarks: N clients of one kind, each with K endpoints,
 * every socket constructed through a counting WebSocket. Speaks IPC with `lib/episode.ts`.
 */
import { isKind, toParent } from './lib/child'
import { countingWebSocket } from './lib/countingSocket'
import { POLL, SOCKET, type AttemptRow } from './lib/requests'
import { type BenchClient, type BenchFetch, type ClientSpec, createBenchClient } from './lib/peers'
import { pollPath } from '../src/store/dashboard/feeds'
import type { Priority } from '../src/transport'

export interface HerdChildConfig {
  spec: ClientSpec
  peerIndex: number
  clients: number
  endpoints: { name: string; path: string; priority: Priority }[]
  base: string
  /** `http://…` base of the polling URLs. */
  httpBase: string
}

export type { AttemptRow } from './lib/requests'

export interface CreatedMessage { kind: 'created'; at: number }
export interface ReportMessage { kind: 'report'; attempts: AttemptRow[] }

const config: HerdChildConfig = JSON.parse(process.argv[2] ?? '{}')
const attempts: AttemptRow[] = []
const WebSocketClass = countingWebSocket((url, at) => {
  const params = new URL(url).searchParams
  attempts.push([at, Number(params.get('c')), Number(params.get('e')), SOCKET])
})
/** Every poll, refused ones included (the server cannot count what reaches a port nobody listens on). */
const countingFetch: BenchFetch = (url, init) => {
  const params = new URL(url).searchParams
  attempts.push([Date.now(), Number(params.get('c')), Number(params.get('e')), POLL])
  return fetch(url, init)
}

const clients: BenchClient[] = []
for (let client = 0; client < config.clients; client++) {
  const endpoints = config.endpoints.map(({ name, path, priority }, endpoint) => {
    const id = `?p=${config.peerIndex}&c=${client}&e=${endpoint}`
    return { name, priority, url: `${config.base}${path}${id}`, pollUrl: `${config.httpBase}${pollPath(name)}${id}` }
  })
  clients.push(createBenchClient(config.spec, endpoints, WebSocketClass, {}, countingFetch))
}
toParent({ kind: 'created', at: Date.now() } satisfies CreatedMessage)

process.on('message', (message: unknown) => {
  if (isKind<{ kind: 'report' }>('report')(message)) toParent({ kind: 'report', attempts } satisfies ReportMessage)
  if (isKind<{ kind: 'close' }>('close')(message)) {
    for (const client of clients) client.close()
    setTimeout(() => process.exit(0), 300)
  }
})
process.on('disconnect', () => process.exit(0))
