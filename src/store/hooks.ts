import { useStore } from 'zustand'
import type { ConnectionStatus, EndpointHealth } from '../transport/types'
import type { RealtimeStore } from './types'

/** The live health of one endpoint (undefined for a name the store does not know). */
export const useEndpointHealth = (store: RealtimeStore, name: string): EndpointHealth | undefined =>
  useStore(store, (state) => state.connections[name])

/** Just the status: re-renders only when the status changes, not on every message. */
export const useEndpointStatus = (store: RealtimeStore, name: string): ConnectionStatus =>
  useStore(store, (state) => state.connections[name]?.status ?? 'disconnected')
