/**
 * The transport without React: connect the 8 dashboard feeds of a running reference server
 * (`npm run server`) and print every health change and message type.
 *   npx tsx examples/node-pool.ts [ws://127.0.0.1:8002]
 */
import WebSocket from 'ws'
import { DASHBOARD_FEEDS, wsPath } from '../src/store/dashboard/feeds'
import { createConnectionPool } from '../src/transport'

const base = process.argv[2] ?? 'ws://127.0.0.1:8002'
const pool = createConnectionPool({
  WebSocket,
  lifecycle: null,
  endpoints: DASHBOARD_FEEDS.map(({ name, priority }) => ({ name, priority, url: `${base}${wsPath(name)}` })),
})

pool.onTransition((t) => console.log(`${new Date(t.at).toISOString()} ${t.name.padEnd(16)} ${t.from} → ${t.to} (${t.reason})`))
for (const name of pool.endpoints) pool.subscribe(name, (message) => console.log(`${name.padEnd(16)} ${message.type}`))

await pool.connect()
console.log('all endpoints started; Ctrl-C to stop')
process.once('SIGINT', () => {
  console.log(JSON.stringify(pool.metrics(), null, 2))
  pool.disconnect()
})
