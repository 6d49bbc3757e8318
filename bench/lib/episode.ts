/**
 * One outage episode against the herd server: spawn one child per client kind (run concurrently
 * when several are given), wait until every socket is up and has been for `settleMs`, cut the
 * server for `outageMs` (really not listening), bring it back, and wait until every socket is
 * back or `boundMs` passed. Returns the raw logs; `herdFigures.ts` turns them into figures.
 */
import type { ChildProcess } from 'node:child_process'
import type { AttemptRow, CreatedMessage, HerdChildConfig, ReportMessage } from '../herdClients'
import { forkBench, isKind, nextMessage, sleep, until, waitExit } from './child'
import type { AcceptEntry, HerdServer } from './herdServer'
import type { ClientSpec } from './peers'
import type { Priority } from '../../src/transport'

export interface EpisodeGroup {
  spec: ClientSpec
  clients: number
  endpoints: readonly { name: string; path: string; priority: Priority }[]
}

export interface EpisodeConfig {
  /** Each group runs in its own child process; several groups run at the same time. */
  groups: readonly EpisodeGroup[]
  outageMs: number
  settleMs: number
  /** How long after the server's return to wait for stragglers. */
  boundMs: number
}

export interface PeerEpisode {
  spec: ClientSpec
  clients: number
  endpoints: number
  createdAt: number
  /** Socket constructions and polls, counted in the clients. */
  attempts: AttemptRow[]
  accepts: AcceptEntry[]
  /** Polls the server answered. */
  polls: AcceptEntry[]
}

export interface Episode {
  /** When the server cut every socket. */
  downAt: number
  /** When it listened again. */
  backAt: number
  endAt: number
  peers: PeerEpisode[]
}

let nextPeerIndex = 0

export async function runEpisode(server: HerdServer, config: EpisodeConfig): Promise<Episode> {
  const children: { group: EpisodeGroup; index: number; child: ChildProcess; createdAt: number }[] = []
  const socketsOf = (group: EpisodeGroup): number => group.clients * group.endpoints.length
  try {
    for (const group of config.groups) {
      const index = nextPeerIndex++
      const childConfig: HerdChildConfig = { spec: group.spec, peerIndex: index, clients: group.clients, endpoints: [...group.endpoints], base: server.base, httpBase: server.httpBase }
      const child = forkBench('herdClients.ts', [JSON.stringify(childConfig)])
      const created = await nextMessage(child, isKind<CreatedMessage>('created'), 30_000)
      children.push({ group, index, child, createdAt: created.at })
    }
    const allUp = () => children.every(({ group, index }) => server.live(index) === socketsOf(group))
    if (!(await until(allUp, 60_000, 25))) {
      const counts = children.map(({ group, index }) => `${group.spec.label} ${server.live(index)}/${socketsOf(group)}`).join(', ')
      console.warn(`  warning: not every socket connected before the outage (${counts})`)
    }
    await sleep(config.settleMs)
    const downAt = await server.stop()
    await sleep(Math.max(0, downAt + config.outageMs - Date.now()))
    const backAt = await server.start()
    await until(allUp, config.boundMs, 25)
    const endAt = Date.now()
    const peers: PeerEpisode[] = []
    for (const { group, index, child, createdAt } of children) {
      const reply = nextMessage(child, isKind<ReportMessage>('report'), 30_000)
      child.send({ kind: 'report' })
      const { attempts } = await reply
      peers.push({
        spec: group.spec,
        clients: group.clients,
        endpoints: group.endpoints.length,
        createdAt,
        attempts,
        accepts: server.accepts.filter((entry) => entry.peer === index),
        polls: server.polls.filter((entry) => entry.peer === index),
      })
    }
    return { downAt, backAt, endAt, peers }
  } finally {
    for (const { child } of children) if (child.connected) child.send({ kind: 'close' })
    await Promise.all(children.map(({ child }) => waitExit(child, 5000)))
  }
}
