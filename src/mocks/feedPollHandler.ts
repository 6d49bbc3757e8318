import { http, HttpResponse, type HttpHandler } from 'msw'
import type { FeedName } from '../store/dashboard/feeds'
import type { MockBackendContext } from './context'

/**
 * The polling fallback of one feed (SPEC §3): GET returns the same `{type, data, seq}` as the
 * socket's snapshot. While the backend is restarting it fails like a server that is down
 * (a network error); `refuseConnections` and `goSilent` only affect sockets.
 */
export const createFeedPollHandler = (context: MockBackendContext, name: FeedName, url: string): HttpHandler =>
  http.get(url, () => {
    if (context.now() < context.faults.restartingUntil) return HttpResponse.error()
    return new HttpResponse(context.encode(context.world.frame(name)), { headers: { 'Content-Type': 'application/json' } })
  })
