import { createConnectionPool } from '../pool'
import { systemClock } from '../clock'
import { browserLifecycle } from '../lifecycle'
import type { ConnectionPool, PoolOptions } from '../types'
import { channelNameOf } from './channelName'
import { browserChannel, browserLocks, browserPageExit } from './environment'
import { createTabSharedPool } from './sharedPool'
import type { TabSharingConfig } from './types'

export const DEFAULT_STEAL_AFTER_MS = 2000
export const DEFAULT_TAB_CHECK_MS = 5000

const newTabId = (random: () => number): string => {
  const uuid = globalThis.crypto?.randomUUID?.()
  return uuid ?? `${Date.now().toString(36)}-${Math.floor(random() * 2 ** 48).toString(36)}`
}

/**
 * The pool of `options`, shared by every tab of this browser that uses the same endpoint set
 * when `share` is on and the environment has Web Locks and BroadcastChannel; otherwise (Node,
 * jsdom, old browsers, `share` off) a pool of this tab's own — the fallback is silent.
 */
export function createTabAwarePool(options: PoolOptions, share: boolean | TabSharingConfig | undefined): ConnectionPool {
  if (share === undefined || share === false) return createConnectionPool(options)
  const config: TabSharingConfig = share === true ? {} : share
  const locks = config.locks === undefined ? browserLocks() : config.locks
  const Channel = config.BroadcastChannel === undefined ? browserChannel() : config.BroadcastChannel
  if (locks === null || Channel === null) return createConnectionPool(options)
  return createTabSharedPool({
    createPool: (lifecycle) => createConnectionPool({ ...options, lifecycle }),
    channel: config.channel ?? channelNameOf(options.endpoints),
    locks,
    BroadcastChannel: Channel,
    lifecycle: options.lifecycle === undefined ? browserLifecycle() : options.lifecycle,
    pageExit: config.pageExit === undefined ? browserPageExit() : config.pageExit,
    clock: options.clock ?? systemClock,
    tabId: newTabId(options.random ?? Math.random),
    stealAfterMs: config.stealAfterMs ?? DEFAULT_STEAL_AFTER_MS,
    tabCheckMs: config.tabCheckMs ?? DEFAULT_TAB_CHECK_MS,
    replayTypesPerEndpoint: config.replayTypesPerEndpoint ?? 4,
    outboxSize: config.outboxSize ?? 100,
  })
}
