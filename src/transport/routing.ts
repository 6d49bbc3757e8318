import type { EndpointConnection } from './connection'
import type { TypeRouter } from './typeRouter'
import type { Message } from './types'

/**
 * Where a message `via` carried goes when endpoints declare their types: its owner (counted as
 * foreign on `via` when that is another endpoint), nowhere for a repeat, and nowhere for a type
 * nobody owns (rejected on `via`, so its health says what the server sent).
 */
export function deliverRouted(
  router: TypeRouter,
  via: EndpointConnection,
  message: Message,
  connectionNamed: (name: string) => EndpointConnection,
): EndpointConnection | null {
  const route = router.route(via.name, message)
  switch (route.kind) {
    case 'deliver': {
      if (!route.foreign) return via
      via.foreignFrame(message, { kind: 'routed', to: route.to })
      return connectionNamed(route.to)
    }
    case 'repeat':
      via.foreignFrame(message, { kind: 'repeat', of: route.of })
      return null
    case 'unknown':
      via.rejectData(message, `unknown message type "${message.type}": no endpoint owns it (known types: ${route.known.join(', ')})`)
      return null
  }
}
