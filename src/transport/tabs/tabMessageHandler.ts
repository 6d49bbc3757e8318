import type { FollowerLink } from './followerLink'
import type { LeaderDuties } from './leaderDuties'
import type { TabMessage } from './protocol'
import type { SharedLifecycle } from './sharedLifecycle'
import type { TabContext } from './tabContext'

export interface TabMessageHandlerParts {
  shared: SharedLifecycle
  leader: LeaderDuties
  follower: FollowerLink
}

/**
 * What this tab does with each message of another tab (see protocol.ts for what each one means):
 * presence and the tab count in any role, relays only from the leader it follows, calls only
 * while it leads.
 */
export const tabMessageHandler = (tab: TabContext, { shared, leader, follower }: TabMessageHandlerParts): ((message: TabMessage) => void) => {
  const { tabId, names, status, view, peers, post, ownVisible } = tab
  return (message: TabMessage): void => {
    switch (message.kind) {
      case 'hello':
      case 'presence': {
        const changed = peers.saw(message.from, message.visible)
        if (changed) shared.peersChanged()
        if (message.from === status.leaderId) follower.leaderVisibility(message.visible)
        if (status.role !== 'leader') return
        if (message.kind === 'hello') leader.answerHello(message.from, message.replay)
        leader.countTabs()
        return
      }
      case 'roll-call':
        post({ kind: 'presence', from: tabId, visible: ownVisible() })
        return
      case 'resign':
        if (message.from !== status.leaderId) return
        status.leaderId = null
        view.freezeForHandoff()
        status.changed()
        post({ kind: 'hello', from: tabId, visible: ownVisible(), replay: false })
        return
      case 'ack':
        if (status.role === 'follower') follower.acked(message.id)
        return
      case 'bye':
        if (peers.left(message.from)) shared.peersChanged()
        if (status.role === 'leader') leader.tabLeft()
        if (message.from !== status.leaderId) return
        status.leaderId = null
        view.freezeForHandoff()
        follower.leaderLeft()
        status.changed()
        return
      case 'leader':
        peers.saw(message.from, message.visible)
        // The lock says who leads: a leader that was stolen from learns it from its own request (`deposed`).
        if (status.role === 'follower') follower.acceptLeader(message.from, message.visible, false)
        return
      case 'state':
        if (status.role !== 'follower') return
        status.leaderId = message.from
        for (const [name, health] of Object.entries(message.health)) if (names.has(name)) view.setHealth(name, health)
        for (const entry of message.replay) if (names.has(entry.name)) view.deliver(entry.name, entry.message)
        follower.leaderChaos = message.chaos
        follower.leaderMetrics = message.metrics
        status.tabs = message.tabs
        follower.acceptLeader(message.from, message.visible, true)
        return
      case 'message':
        if (follower.fromLeader(message) && names.has(message.name)) view.deliver(message.name, message.message)
        return
      case 'health':
        if (!follower.fromLeader(message) || !names.has(message.name)) return
        view.setHealth(message.name, message.health)
        follower.considerTakeover()
        return
      case 'transition':
        if (!follower.fromLeader(message)) return
        if (message.chaos !== undefined) follower.leaderChaos = message.chaos
        view.emitTransition(message.transition)
        return
      case 'metrics':
        if (follower.fromLeader(message)) follower.leaderMetrics = message.metrics
        return
      case 'tabs':
        if (!follower.fromLeader(message)) return
        status.tabs = message.count
        status.changed()
        return
      case 'metrics-request':
        if (status.role === 'leader') post({ kind: 'metrics', from: tabId, metrics: tab.inner.metrics() })
        return
      case 'send':
        if (status.role !== 'leader') return
        post({ kind: 'ack', from: tabId, to: message.from, id: message.id })
        if (names.has(message.name)) tab.inner.send(message.name, message.message)
        return
      case 'chaos':
        if (status.role !== 'leader') return
        post({ kind: 'ack', from: tabId, to: message.from, id: message.id })
        leader.runChaos(message.command)
    }
  }
}
