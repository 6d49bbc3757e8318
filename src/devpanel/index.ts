export { TransportDevPanel } from './TransportDevPanel'
export type { TransportDevPanelProps } from './props'
export { getDevPanelRoot } from './ui/shadowHost'
export * from './core'
