import { FeedCard } from '../FeedCard'
import { useDashboard } from '../storeContext'

/** The API routes with their live request rate. */
export function RoutesCard() {
  const data = useDashboard((state) => state.routes)
  const routes = data?.routes ?? []
  const total = routes.reduce((sum, route) => sum + route.requestsPerMinute, 0)
  return (
    <FeedCard name="routes" title="API routes" hasData={data !== null} summary={data === null ? undefined : `${total} req/min`}>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Method</th>
            <th scope="col">Path</th>
            <th scope="col" className="num">req/min</th>
          </tr>
        </thead>
        <tbody>
          {routes.map((route) => (
            <tr key={`${route.method} ${route.path}`} title={`${route.handler}: ${route.description}`}>
              <td><span className={`method method--${route.method.toLowerCase()}`}>{route.method}</span></td>
              <td className="mono truncate">{route.path}</td>
              <td className="num">{route.requestsPerMinute}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </FeedCard>
  )
}
