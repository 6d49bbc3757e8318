import type { Transition } from '../../transport/types'

export const timelineOf = (transitions: readonly Transition[], endpoint: string | null | undefined): readonly Transition[] =>
  endpoint ? transitions.filter((transition) => transition.name === endpoint) : transitions

export interface TimelineExport {
  exportedAt: string
  endpoint: string | null
  count: number
  transitions: (Transition & { time: string })[]
}

/** The timeline as a JSON document someone can attach to a bug report. */
export const exportTimelineJson = (transitions: readonly Transition[], endpoint: string | null | undefined, now: number): string => {
  const selected = timelineOf(transitions, endpoint)
  const document: TimelineExport = {
    exportedAt: new Date(now).toISOString(),
    endpoint: endpoint || null,
    count: selected.length,
    transitions: selected.map((transition) => ({ ...transition, time: new Date(transition.at).toISOString() })),
  }
  return JSON.stringify(document, null, 2)
}
