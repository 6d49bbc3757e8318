// `zustand-realtime/compat/react-query`: the only module that imports @tanstack/react-query, so
// `zustand-realtime/compat` works in apps without it.
import { useQuery, useQueryClient, type QueryKey, type UseQueryResult } from '@tanstack/react-query'
import { useRef } from 'react'
import type { Message } from '../transport/types'
import type { ConnectionSnapshot } from './connectionSnapshot'
import { useWebSocketConnection, type UseWebSocketConnectionOptions } from './useWebSocketConnection'

export interface UseReliableWebSocketOptions<TData, TKey extends QueryKey = QueryKey> {
  url: string
  /** The query the socket keeps current. */
  queryKey: TKey
  /** Loads the first snapshot, and is polled while the socket is not connected. */
  queryFn: () => Promise<TData>
  /** A frame → the new cached value (`previous` is what the cache holds); `undefined` leaves the cache alone. */
  onMessage: (message: Message, previous: TData | undefined) => TData | undefined
  enabled?: boolean
  /** ms between `queryFn` calls while the socket is down (default 5000); `false`: no polling. */
  fallbackIntervalMs?: number | false
  /** Heartbeat, reconnect and breaker settings, as for `useWebSocketConnection`. */
  connection?: Omit<UseWebSocketConnectionOptions, 'url' | 'onMessage' | 'enabled'>
}

export type UseReliableWebSocketResult<TData> = UseQueryResult<TData> & { connection: ConnectionSnapshot }

const DEFAULT_FALLBACK_INTERVAL_MS = 5000

/**
 * The plan's `useReliableWebSocket`, with TanStack Query holding the data: `queryFn` fills the cache
 * first, every socket frame goes through `onMessage` into `setQueryData(queryKey)`, and while the
 * socket is not connected the query polls `queryFn` instead. Needs a `QueryClientProvider` above it.
 */
export function useReliableWebSocket<TData, TKey extends QueryKey = QueryKey>(
  options: UseReliableWebSocketOptions<TData, TKey>,
): UseReliableWebSocketResult<TData> {
  const { url, queryKey, queryFn, onMessage, enabled = true, fallbackIntervalMs = DEFAULT_FALLBACK_INTERVAL_MS } = options
  const client = useQueryClient()
  const framesWritten = useRef(0)
  const connection = useWebSocketConnection({
    ...options.connection,
    url,
    enabled,
    onMessage: (message) => {
      const next = onMessage(message, client.getQueryData<TData>(queryKey))
      if (next === undefined) return
      framesWritten.current += 1
      client.setQueryData<TData>(queryKey, next)
    },
  })
  const live = connection.status === 'connected'
  const query = useQuery({
    queryKey,
    // A frame that landed while the fetch was in flight is newer than what the fetch returns: keep it.
    queryFn: async () => {
      const before = framesWritten.current
      const fetched = await queryFn()
      const cached = client.getQueryData<TData>(queryKey)
      return framesWritten.current !== before && cached !== undefined ? cached : fetched
    },
    enabled,
    // While the socket is up it keeps the cache fresh; while it is down the query polls.
    staleTime: live ? Number.POSITIVE_INFINITY : 0,
    refetchInterval: live ? false : fallbackIntervalMs,
    refetchOnWindowFocus: !live,
  })
  return { ...query, connection }
}
