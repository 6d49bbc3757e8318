import { WebSocket } from 'ws'
import type { FeedSource } from '../feedSource'
import type { ResolvedServerOptions } from '../options'
import type { FeedName } from '../../src/store/dashboard/feeds'
import { connectRedisBus } from './redisTopicBus'
import { localTopicBus, type PublishedFrame, type TopicBus } from './topicBus'

/** Redis mode when `redis` is set (else today's single process); a lost Redis closes our sockets 1013. */
export const startTopicBus = (
  config: ResolvedServerOptions,
  feeds: FeedSource,
  broadcast: (name: FeedName, text: string) => void,
  encode: (frame: PublishedFrame) => string,
  peers: () => Iterable<{ socket: WebSocket }>,
): Promise<TopicBus> => {
  if (config.redis === null) return Promise.resolve(localTopicBus(feeds, broadcast, encode))
  if (config.payloads !== 'ours') return Promise.reject(new Error(`payloads: '${config.payloads}' is not supported in Redis mode yet; run one instance without REDIS_URL for foreign payloads`))
  const retryLater = JSON.stringify({ retryAfterMs: config.retryAfterMs })
  return connectRedisBus(config.redis, feeds, {
    deliver: (name, text) => broadcast(name, text),
    partitioned() {
      // Stale data must not look live: clients go elsewhere (or wait) and take a fresh snapshot.
      for (const { socket } of peers()) if (socket.readyState === WebSocket.OPEN) socket.close(1013, retryLater)
    },
    log: (message) => console.error(`[${config.host}:${config.port}] ${message}`),
  })
}
