import type { Transition } from '../types'

/** The timeline's endpoint column for tab events: they concern every endpoint of the set. */
export const TABS_TIMELINE_NAME = '*'

const leaderLabel = (id: string, self: string): string => (id === self ? 'this tab leads' : `tab ${id.slice(0, 8)} leads`)

/** A leader change as a timeline entry (`kind: 'tabs'`): the first election, or a hand-off. */
export const handoffTransition = (previous: string | null, next: string, self: string, reason: string, at: number): Transition => ({
  kind: 'tabs',
  name: TABS_TIMELINE_NAME,
  from: previous === null ? 'no leader' : leaderLabel(previous, self),
  to: leaderLabel(next, self),
  reason: previous === null ? `leader elected: ${reason}` : `hand-off: ${reason}`,
  at,
})
