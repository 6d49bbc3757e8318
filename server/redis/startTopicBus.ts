import { WebSocket } from 'ws'
import type { FeedSource } from '../feedSource'
import type { ResolvedServerOptions } from '../options'
import type { EndpointRegistry } from '../registry'
import { connectRedisBus } from './redisTopicBus'
import { localTopicBus, type TopicBus } from './topicBus'

/** Redis mode when `redis` is set (else today's single process); a lost Redis closes our sockets 1013. */
export const startTopicBus = (config: ResolvedServerOptions, feeds: FeedSource, registry: EndpointRegistry): Promise<TopicBus> => {
  if (config.redis === null) return Promise.resolve(localTopicBus(feeds, registry))
  const retryLater = JSON.stringify({ retryAfterMs: config.retryAfterMs })
  return connectRedisBus(config.redis, feeds, {
    deliver: (name, text) => void registry.broadcast(name, text),
    partitioned() {
      // Stale data must not look live: clients go elsewhere (or wait) and take a fresh snapshot.
      for (const { socket } of registry.peers()) if (socket.readyState === WebSocket.OPEN) socket.close(1013, retryLater)
    },
    log: (message) => console.error(`[${config.host}:${config.port}] ${message}`),
  })
}
