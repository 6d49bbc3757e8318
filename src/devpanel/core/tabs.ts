import type { TabSharingState } from '../../transport/tabs/types'

const ROLE_LABEL: Record<TabSharingState['role'], string> = {
  leader: 'Leader tab',
  follower: 'Follower tab',
  idle: 'Not connected',
}

/** "Leader tab · 3 tabs share the sockets · 1 hand-off", or null without tab sharing. */
export const sharingText = (sharing: TabSharingState | null): string | null => {
  if (sharing === null) return null
  const parts = [ROLE_LABEL[sharing.role]]
  if (sharing.role !== 'idle') parts.push(sharing.tabs === 1 ? 'no other tab' : `${sharing.tabs} tabs share the sockets`)
  if (sharing.handoffs > 0) parts.push(`${sharing.handoffs} hand-off${sharing.handoffs === 1 ? '' : 's'}`)
  return parts.join(' · ')
}
