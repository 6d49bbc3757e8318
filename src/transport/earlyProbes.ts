import type { EndpointConnection } from './connection'
import { firstInLine, type HostRecovery } from './hostRecovery'

/**
 * Proof that a host is back (a poll of it answered) or may be (`online`, the tab visible): the
 * endpoints of the host whose circuit is open probe now instead of at the end of `recoveryTimeout`.
 * With shared recovery exactly one probes (the first in line) and the others wait for it; without,
 * each probes on its own (each keeps its own schedule, as it asked).
 */
export function startEarlyProbes(
  connections: readonly EndpointConnection[],
  hostOf: (connection: EndpointConnection) => string,
  hostRecovery: HostRecovery | null,
  reason: string,
  onlyHost?: string,
): void {
  const hosts = new Map<string, EndpointConnection[]>()
  for (const connection of connections) {
    const host = hostOf(connection)
    if (onlyHost !== undefined && host !== onlyHost) continue
    if (connection.circuit.state !== 'open' || (connection.kind !== 'waiting' && connection.kind !== 'queued')) continue
    hosts.set(host, [...(hosts.get(host) ?? []), connection])
  }
  for (const waiting of hosts.values()) {
    if (hostRecovery === null) {
      for (const connection of waiting) connection.probeEarly(reason)
      continue
    }
    // In line order, the first that may probe (a 1013 "retry later" may hold one back).
    const line = [...waiting]
    for (let next = firstInLine(line); next !== undefined; next = firstInLine(line)) {
      if (next.probeEarly(reason)) {
        hostRecovery.probing(next)
        break
      }
      line.splice(line.indexOf(next), 1)
    }
  }
}
