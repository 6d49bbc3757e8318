export { DASHBOARD_FEEDS, FEED_NAMES, messageTypeOf, pollPath, wsPath, type FeedKey, type FeedKeyOf, type FeedName } from './feeds'
export { createInitialDashboardState, initialDashboardState, type DashboardData, type DashboardState, type EmptyDashboardData } from './state'
export { dashboardEndpoints, feedReducer, httpBaseOf, wsBaseOf, type DashboardEndpointOptions } from './endpoints'
export { feed, type DashboardSlices, type FeedOverride, type FeedOverrides, type SliceOf, type SlicesOf } from './overrides'
