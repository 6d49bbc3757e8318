import { ws, type WebSocketData, type WebSocketHandler } from 'msw'
import { FEED_NAMES, type FeedName } from '../store/dashboard/feeds'
import { isRecord } from '../demo/model/shape'
import type { Message } from '../transport/types'
import { sendTo, type MockBackendContext } from './context'
import { refusalAt } from './faults'
import type { MockClient } from './sockets'

const textOf = (data: WebSocketData): string => (typeof data === 'string' ? data : `[binary ${data instanceof Blob ? data.size : data.byteLength} bytes]`)

const parseMessage = (text: string): Message | null => {
  try {
    const value: unknown = JSON.parse(text)
    return isRecord(value) && typeof value.type === 'string' ? { ...value, type: value.type } : null
  } catch {
    return null
  }
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')

const feedNameIn = (url: URL): FeedName | undefined => FEED_NAMES.find((name) => url.pathname.endsWith(`/api/v1/ws/${name}`))

const onClientFrame = (context: MockBackendContext, name: FeedName, client: MockClient, data: WebSocketData): void => {
  const text = textOf(data)
  const message = parseMessage(text)
  context.received[name].push({ clientId: client.id, at: context.now(), text, message })
  if (message?.type === 'ping' && !context.faults.dropPongs.has(name)) {
    sendTo(context, name, client, JSON.stringify({ type: 'pong', timestamp: message.timestamp }))
  }
}

/**
 * The sockets of the 8 feeds (SPEC §3) as ONE `ws.link` (MSW adds a listener to a shared
 * BroadcastChannel per link, so 8 links trip Node's max-listeners warning early). A refused
 * connection is closed before it opens; an accepted one gets its feed's snapshot
 * `{type, data, seq}` and its pings answered.
 */
export const createFeedSocketHandler = (context: MockBackendContext, wsBase: string): WebSocketHandler =>
  ws.link(new RegExp(`^${escapeRegExp(wsBase)}/api/v1/ws/(${FEED_NAMES.join('|')})$`)).addEventListener('connection', ({ client }) => {
    const name = feedNameIn(client.url)
    if (name === undefined) return
    const refusal = refusalAt(context.faults, context.now())
    if (refusal !== null) {
      context.refused[name].add(client.id)
      client.close(refusal.code, refusal.reason)
      return
    }
    if (!context.sockets.add(name, client)) return
    client.addEventListener('close', () => context.sockets.remove(name, client.id))
    client.addEventListener('message', (event) => onClientFrame(context, name, client, event.data))
    sendTo(context, name, client, context.encode(context.world.frame(name)))
  })
