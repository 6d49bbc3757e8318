import type { EndpointConfig } from '../types'
import { TAB_PROTOCOL } from './protocol'

/** FNV-1a, 32 bits, as 8 hex digits. */
const fnv1a = (text: string, seed: number): string => {
  let hash = seed
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

const urlText = (url: EndpointConfig['url']): string => {
  try {
    const value: unknown = typeof url === 'function' ? url() : url
    return typeof value === 'string' ? value : '(computed)'
  } catch {
    return '(computed)'
  }
}

/**
 * The lock and channel name of an endpoint set: the names and URLs, sorted, hashed (a token in a
 * URL never shows up in the name). Tabs whose sets differ in any endpoint never share.
 */
export const channelNameOf = (endpoints: readonly EndpointConfig[]): string => {
  const key = endpoints.map((endpoint) => `${endpoint.name}=${urlText(endpoint.url)}`).sort().join('\n')
  return `${TAB_PROTOCOL}:${fnv1a(key, 0x811c9dc5)}${fnv1a(key, 0x050c5d1f)}`
}
