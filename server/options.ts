import type { RedisModeOptions } from './redis/redisTopicBus'
import type { PayloadShape } from '../src/mocks/foreignPayloads'
import type { CollectorOptions } from './monitoring/collector'

/** What `startServer` takes; every field has a default (see `DEFAULTS`). */
export interface ServerOptions {
  /** 0 picks a free port. */
  port?: number
  host?: string
  /** Generator rate; 0 = no automatic updates (tests drive them with `control.burst`). */
  updateIntervalMs?: number
  /** Open sockets over all endpoints. */
  maxConnections?: number
  maxConnectionsPerEndpoint?: number
  /** Put in the 1013 close reason of a socket refused for capacity. */
  retryAfterMs?: number
  /** Larger client frames close the socket with 1009. */
  maxFrameBytes?: number
  /** null = any Origin. Sockets without an Origin header (Node clients) are always allowed. */
  allowedOrigins?: readonly string[] | null
  /** When set, a socket without `?token=<token>` is closed with 4401. Undefined = env `WS_TOKEN`. */
  token?: string | null
  /** Client silence before a `server_ping` (and a protocol ping); as long again with no answer = terminate. */
  idlePingMs?: number
  seed?: number
  /** Serve `POST /__control` (the in-process `control` is always there). */
  control?: boolean
  /** Join a topic space shared over Redis with other instances; null = a single process (the default). */
  redis?: RedisModeOptions | null
  /**
   * Behave like the original plan's old backend: no snapshot on connect, pings never answered, and
   * every update broadcast on every socket (the polling GETs still serve snapshots).
   */
  legacy?: boolean
  /** `'foreign'`: every feed's `data` with snake_case field names, like a backend another team wrote. */
  payloads?: PayloadShape
  /** The fleet collector's windows and alert delay (`POST /reports`, `GET /monitoring`, `GET /alerts`). */
  monitoring?: CollectorOptions
}

export type ResolvedServerOptions = Required<ServerOptions>

export const DEFAULTS = {
  port: 8002,
  host: '127.0.0.1',
  updateIntervalMs: 1000,
  maxConnections: 1000,
  maxConnectionsPerEndpoint: 500,
  retryAfterMs: 2000,
  maxFrameBytes: 64 * 1024,
  allowedOrigins: null,
  token: null,
  idlePingMs: 60_000,
  seed: 1,
  control: false,
  redis: null,
  legacy: false,
  payloads: 'ours',
  monitoring: {},
} as const satisfies ResolvedServerOptions

export const resolveOptions = (options: ServerOptions, env: NodeJS.ProcessEnv = process.env): ResolvedServerOptions => ({
  port: options.port ?? DEFAULTS.port,
  host: options.host ?? DEFAULTS.host,
  updateIntervalMs: options.updateIntervalMs ?? DEFAULTS.updateIntervalMs,
  maxConnections: options.maxConnections ?? DEFAULTS.maxConnections,
  maxConnectionsPerEndpoint: options.maxConnectionsPerEndpoint ?? DEFAULTS.maxConnectionsPerEndpoint,
  retryAfterMs: options.retryAfterMs ?? DEFAULTS.retryAfterMs,
  maxFrameBytes: options.maxFrameBytes ?? DEFAULTS.maxFrameBytes,
  allowedOrigins: options.allowedOrigins ?? DEFAULTS.allowedOrigins,
  token: options.token === undefined ? env.WS_TOKEN || null : options.token,
  idlePingMs: options.idlePingMs ?? DEFAULTS.idlePingMs,
  seed: options.seed ?? DEFAULTS.seed,
  control: options.control ?? DEFAULTS.control,
  redis: options.redis ?? DEFAULTS.redis,
  legacy: options.legacy ?? DEFAULTS.legacy,
  payloads: options.payloads ?? DEFAULTS.payloads,
  monitoring: options.monitoring ?? DEFAULTS.monitoring,
})
