import type { TabSharingState } from '../../transport/tabs/types'
import { sharingText } from '../core/tabs'

/** The tab's role in a connection set shared across tabs; nothing when the store has sockets of its own. */
export function TabsBadge({ sharing }: { sharing: TabSharingState | null }) {
  const text = sharingText(sharing)
  if (sharing === null || text === null) return null
  return (
    <span className="zrdp-tabs" data-role={sharing.role} data-tabs={sharing.tabs} data-testid="devpanel-tabs" title={`Channel ${sharing.channel}`}>
      {text}
    </span>
  )
}
