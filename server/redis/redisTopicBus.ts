import { randomUUID } from 'node:crypto'
import { createClient } from 'redis'
import { FEED_NAMES, type FeedName } from '../../src/store/dashboard/feeds'
import type { FeedSource } from '../feedSource'
import { GeneratorLock } from './generatorLock'
import { topicKeys } from './keys'
import { frameFromText, framesOfRange, replyText } from './replies'
import { PUBLISH_SCRIPT, SEED_SCRIPT } from './scripts'
import type { TopicBus } from './topicBus'
import { TopicRelay, type StoredFrame } from './topicRelay'

/** `startServer({ redis })`: join the topic space of every instance using the same Redis (and prefix). */
export interface RedisModeOptions {
  /** e.g. `redis://127.0.0.1:6379` */
  url: string
  /** Key and channel prefix, so several topic spaces can share one Redis (default `zr:`). */
  keyPrefix?: string
  /** Redis lost this long: close our sockets with 1013 (shorter blips are caught up from history). Default 1000. */
  partitionGraceMs?: number
  /** Generator lease; a killed generator is replaced within this. Default 3000. */
  generatorTtlMs?: number
  /** Frames kept per topic for catching up (XADD MAXLEN ~). Default 1000. */
  historyLength?: number
}

export interface RedisBusHooks {
  /** Redis has been gone for partitionGraceMs: our sockets must not sit on stale data. */
  partitioned(): void
  /** Frames of a topic to our sockets. */
  deliver(name: FeedName, text: string): void
  log(message: string): void
}

/** Reconnect quickly at first, then every second: a restarted Redis is back within a second or so. */
const reconnectDelay = (retries: number): number => Math.min(50 * 2 ** retries, 1000)

export const connectRedisBus = async (options: RedisModeOptions, feeds: FeedSource, hooks: RedisBusHooks): Promise<TopicBus> => {
  const keys = topicKeys(options.keyPrefix ?? 'zr:')
  const graceMs = options.partitionGraceMs ?? 1000
  const historyLength = String(options.historyLength ?? 1000)
  const client = createClient({ url: options.url, disableOfflineQueue: true, socket: { reconnectStrategy: reconnectDelay, connectTimeout: 2000 } })
  const subscriber = client.duplicate()
  let lastError = ''
  const onError = (error: unknown): void => {
    const message = error instanceof Error ? error.message : String(error)
    // A dead Redis repeats the same error every reconnect; say it once.
    if (message !== lastError) hooks.log(`redis: ${message}`)
    lastError = message
  }
  client.on('error', onError)
  subscriber.on('error', onError)

  const relay = new TopicRelay(
    {
      async since(name, fromSeq) {
        return framesOfRange(await client.sendCommand(['XRANGE', keys.history(name), `${fromSeq}-0`, '+']), name)
      },
      async snapshot(name, ours) {
        const reply = await client.eval(SEED_SCRIPT, { keys: [keys.seq(name), keys.snapshot(name)], arguments: [String(ours.seq), ours.text] })
        return frameFromText(replyText(reply, `snapshot of ${name}`), name)
      },
    },
    hooks.deliver,
    (name): StoredFrame => {
      const frame = feeds.frame(name)
      return { seq: 0, text: JSON.stringify({ type: frame.type, seq: 0, data: frame.data }) }
    },
    onError,
    options.historyLength ?? 1000,
  )

  // `up`: both connections ready and caught up. Anything else: no new sockets, no polls.
  let up = false
  let closing = false
  let recovery = 0
  let graceTimer: NodeJS.Timeout | null = null
  const clearGrace = (): void => {
    if (graceTimer) clearTimeout(graceTimer)
    graceTimer = null
  }
  const down = (): void => {
    if (closing || graceTimer) return
    if (up) hooks.log('redis lost: refusing new sockets')
    up = false
    recovery += 1
    graceTimer = setTimeout(() => {
      graceTimer = null
      if (!up && !closing) hooks.partitioned()
    }, graceMs)
  }
  const catchUp = async (): Promise<void> => {
    if (closing || !client.isReady || !subscriber.isReady) return
    const run = ++recovery
    await Promise.all(FEED_NAMES.map((name) => relay.catchUp(name)))
    if (run !== recovery || !client.isReady || !subscriber.isReady) return
    clearGrace()
    if (!up) hooks.log('redis ready: topic space caught up')
    up = true
  }
  for (const connection of [client, subscriber]) {
    connection.on('end', down)
    connection.on('reconnecting', down)
    connection.on('ready', () => void catchUp())
  }

  await client.connect()
  await subscriber.connect()
  await subscriber.subscribe(FEED_NAMES.map(keys.channel), (message, channel) => {
    const name = FEED_NAMES.find((feed) => keys.channel(feed) === channel)
    if (name) relay.received(name, message)
  })
  await catchUp()

  const lock = new GeneratorLock(client, keys.generatorLock, randomUUID(), options.generatorTtlMs ?? 3000)
  await lock.start()

  return {
    snapshot: (name) => (up ? relay.latest(name) : null),
    publish(changed) {
      const publishedAt = String(Date.now())
      for (const name of changed) {
        const frame = feeds.frame(name)
        client
          .eval(PUBLISH_SCRIPT, {
            keys: [keys.seq(name), keys.snapshot(name), keys.history(name)],
            arguments: [frame.type, JSON.stringify(frame.data), keys.channel(name), historyLength, publishedAt],
          })
          .catch(onError)
      }
    },
    resume: (name, seq) => (up ? relay.framesAfter(name, seq) : null),
    generating: () => up && lock.held(),
    available: () => up,
    async close() {
      closing = true
      clearGrace()
      await lock.stop()
      await Promise.allSettled([client.close(), subscriber.close()])
    },
  }
}
