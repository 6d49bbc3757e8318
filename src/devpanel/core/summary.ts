import type { EndpointHealth } from '../../transport/types'
import type { EndpointView, PanelSummary, Severity } from './types'

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`

/** Gave up for good (4401, 1008, a bad URL): not paused, not retrying, and an error says why. */
export const hasFailed = (health: EndpointHealth): boolean =>
  health.status === 'disconnected' && health.paused === false && health.lastError !== null && health.nextRetryAt === null

/** The at-a-glance numbers of the toggle and their words, e.g. "7/8 connected, 1 open circuit". */
export const summarize = (endpoints: readonly EndpointView[], offline: boolean): PanelSummary => {
  const count = (test: (view: EndpointView) => boolean): number => endpoints.filter(test).length
  const connected = count((view) => view.health.status === 'connected')
  const openCircuits = count((view) => view.health.circuitState === 'open')
  const halfOpenCircuits = count((view) => view.health.circuitState === 'half-open')
  const polling = count((view) => view.health.fallback === 'polling')
  const paused = count((view) => view.health.paused !== false)
  const failed = count((view) => hasFailed(view.health))
  const dataErrors = count((view) => view.health.status === 'connected' && view.health.dataError !== null)
  const chaos = count((view) => view.activeChaos.length > 0) + (offline ? 1 : 0)
  const total = endpoints.length

  const parts = [`${connected}/${total} connected`]
  if (openCircuits > 0) parts.push(plural(openCircuits, 'open circuit'))
  if (halfOpenCircuits > 0) parts.push(plural(halfOpenCircuits, 'half-open circuit'))
  if (failed > 0) parts.push(`${failed} failed`)
  if (dataErrors > 0) parts.push(plural(dataErrors, 'data error'))
  if (polling > 0) parts.push(`${polling} polling`)
  if (paused > 0) parts.push(`${paused} paused`)
  if (chaos > 0) parts.push(offline ? 'chaos on (offline)' : 'chaos on')

  const severity: Severity =
    openCircuits > 0 || failed > 0 ? 'error'
    : connected < total || dataErrors > 0 || halfOpenCircuits > 0 || polling > 0 || paused > 0 || chaos > 0 ? 'warn'
    : 'ok'
  return { total, connected, openCircuits, halfOpenCircuits, polling, paused, failed, dataErrors, chaos, offline, severity, text: parts.join(', ') }
}

export const sameSummary = (a: PanelSummary, b: PanelSummary): boolean => a.text === b.text && a.severity === b.severity
