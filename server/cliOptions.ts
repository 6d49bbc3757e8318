import { parseArgs } from 'node:util'
import { PAYLOAD_SHAPES, type PayloadShape } from '../src/mocks/foreignPayloads'
import { DEFAULTS, type ServerOptions } from './options'

export const CLI_USAGE = `usage: npm run server -- [--port 8002] [--host 127.0.0.1] [--update-ms 1000] [--control]
       [--token T] [--origins a,b] [--seed N] [--idle-ping-ms 60000] [--max-connections 1000]
       [--max-per-endpoint 500] [--retry-after-ms 2000] [--max-frame-bytes 65536] [--redis-url redis://127.0.0.1:6379]
       [--legacy] [--payloads ours|foreign]
env: PORT, HOST, WS_TOKEN, SERVER_CONTROL=1, ALLOWED_ORIGINS=a,b, REDIS_URL (flags win)`

const numberFrom = (name: string, text: string | undefined): number | undefined => {
  if (text === undefined || text === '') return undefined
  const value = Number(text)
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got "${text}"`)
  return value
}

const payloadsFrom = (text: string | undefined): PayloadShape => {
  if (text === undefined) return DEFAULTS.payloads
  const shape = PAYLOAD_SHAPES.find((candidate) => candidate === text)
  if (shape === undefined) throw new Error(`--payloads must be one of ${PAYLOAD_SHAPES.join(', ')}, got "${text}"`)
  return shape
}

const listFrom = (text: string | undefined): string[] | undefined =>
  text === undefined || text === '' ? undefined : text.split(',').map((item) => item.trim()).filter(Boolean)

const redisFrom = (url: string | undefined): ServerOptions['redis'] => {
  if (url === undefined || url === '') return null
  if (!/^rediss?:\/\//.test(url)) throw new Error(`--redis-url (or REDIS_URL) must start with redis:// or rediss://, got "${url}"`)
  return { url }
}

/** CLI flags, then env, then the defaults (the CLI listens on 8002, not on a random port). */
export const optionsFromCli = (argv: readonly string[], env: NodeJS.ProcessEnv): ServerOptions => {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'update-ms': { type: 'string' },
      control: { type: 'boolean' },
      token: { type: 'string' },
      origins: { type: 'string' },
      seed: { type: 'string' },
      'idle-ping-ms': { type: 'string' },
      'max-connections': { type: 'string' },
      'max-per-endpoint': { type: 'string' },
      'retry-after-ms': { type: 'string' },
      'max-frame-bytes': { type: 'string' },
      'redis-url': { type: 'string' },
      legacy: { type: 'boolean' },
      payloads: { type: 'string' },
    },
  })
  return {
    port: numberFrom('port', values.port ?? env.PORT) ?? DEFAULTS.port,
    host: values.host ?? (env.HOST || DEFAULTS.host),
    updateIntervalMs: numberFrom('update-ms', values['update-ms']),
    control: values.control ?? env.SERVER_CONTROL === '1',
    token: values.token ?? (env.WS_TOKEN || null),
    allowedOrigins: listFrom(values.origins ?? env.ALLOWED_ORIGINS) ?? null,
    seed: numberFrom('seed', values.seed),
    idlePingMs: numberFrom('idle-ping-ms', values['idle-ping-ms']),
    maxConnections: numberFrom('max-connections', values['max-connections']),
    maxConnectionsPerEndpoint: numberFrom('max-per-endpoint', values['max-per-endpoint']),
    retryAfterMs: numberFrom('retry-after-ms', values['retry-after-ms']),
    maxFrameBytes: numberFrom('max-frame-bytes', values['max-frame-bytes']),
    redis: redisFrom(values['redis-url'] ?? env.REDIS_URL),
    legacy: values.legacy ?? false,
    payloads: payloadsFrom(values.payloads),
  }
}
