import type { ConnectionPool, EndpointHealth } from 'zustand-realtime'

/** What the docs test reads from the README's Quickstart module (the block itself is checked by tsc). */
export declare const useRealtime: {
  getState(): {
    queue: { phases: unknown[] } | null
    routes: { routes: { path: string }[] } | null
    connections: Record<'queue' | 'routes', EndpointHealth>
  }
  transport: ConnectionPool
}
