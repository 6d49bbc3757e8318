import { isDeepStrictEqual } from 'node:util'
import { FEED_NAMES, type FeedName } from '../src/store/dashboard/feeds'
import { CONVERGE_LIMIT_MS, RECOVERY_LIMIT_MS } from './config'
import type { Participant } from './participant'
import type { FeedSnapshot } from './serverProcess'
import type { SoakServer } from './soakServer'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export interface Recovery {
  participant: string
  kind: Participant['kind']
  /** It lost its healthy state during the event (else it rode the fault out). */
  affected: boolean
  /** ms from the lift to healthy again (0 when it was healthy again before the lift); null = never within the limit. */
  afterLiftMs: number | null
}

/**
 * Waits until every participant is healthy (all feeds connected, circuits closed, no fallback),
 * each within its limit; then tells, per participant, whether the event knocked it over and how
 * long after the lift it was back.
 */
export async function awaitRecovery(participants: readonly Participant[], startedAt: number, liftedAt: number): Promise<Recovery[]> {
  const results = new Map<string, Recovery>()
  for (;;) {
    const waiting = participants.filter((p) => !results.has(p.id))
    for (const p of waiting) {
      const since = (await p.healthy()) ? await p.healthySince() : null
      if (since !== null) {
        results.set(p.id, { participant: p.id, kind: p.kind, affected: since > startedAt, afterLiftMs: since > startedAt ? Math.max(0, since - liftedAt) : 0 })
      } else if (Date.now() - liftedAt > RECOVERY_LIMIT_MS[p.kind]) {
        results.set(p.id, { participant: p.id, kind: p.kind, affected: true, afterLiftMs: null })
      }
    }
    if (results.size === participants.length) return participants.map((p) => results.get(p.id) as Recovery)
    await sleep(100)
  }
}

export interface Mismatch {
  participant: string
  feed: FeedName
  clientSeq: number
  serverSeq: number
  sameData: boolean
}

export interface CheckResult {
  at: number
  /** ms from pausing updates until every store equalled the server (or the limit). */
  convergeMs: number
  mismatches: Mismatch[]
  serverSeq: Record<string, number>
}

/**
 * The consistency check: pause the server's updates, take every feed's snapshot over HTTP, and
 * wait until every participant's store holds exactly that seq and data for every feed. Whatever
 * still differs after CONVERGE_LIMIT_MS is a mismatch. Updates resume afterwards.
 */
export async function checkConsistency(
  server: SoakServer,
  participants: readonly Participant[],
  updateMs: number,
  /** Runs once every store converged, before updates resume (heap samples are quietest then). */
  whilePaused?: () => Promise<void>,
): Promise<CheckResult> {
  const started = Date.now()
  await server.control({ action: 'setUpdateInterval', ms: 0 })
  try {
    const snapshots = new Map<FeedName, FeedSnapshot>()
    for (const feed of FEED_NAMES) snapshots.set(feed, await server.snapshot(feed))
    let mismatches: Mismatch[] = []
    do {
      mismatches = []
      for (const p of participants) {
        const feeds = await p.feeds()
        for (const feed of FEED_NAMES) {
          const expected = snapshots.get(feed)
          const actual = feeds[feed]
          if (expected === undefined) continue
          const sameData = isDeepStrictEqual(actual.data, expected.data)
          if (actual.seq !== expected.seq || !sameData) mismatches.push({ participant: p.id, feed, clientSeq: actual.seq, serverSeq: expected.seq, sameData })
        }
      }
      if (mismatches.length > 0) await sleep(50)
    } while (mismatches.length > 0 && Date.now() - started < CONVERGE_LIMIT_MS)
    const convergeMs = Date.now() - started
    await whilePaused?.()
    return {
      at: started,
      convergeMs,
      mismatches,
      serverSeq: Object.fromEntries([...snapshots].map(([feed, snapshot]) => [feed, snapshot.seq])),
    }
  } finally {
    await server.control({ action: 'setUpdateInterval', ms: updateMs })
  }
}
