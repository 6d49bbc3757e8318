import { setupWorker, type SetupWorker } from 'msw/browser'
import { createMockBackend, type MockBackend, type MockBackendOptions } from './backend'

export interface MockWorkerOptions extends MockBackendOptions {
  /** Where the app serves `public/mockServiceWorker.js` (default `/mockServiceWorker.js`). */
  serviceWorkerUrl?: string
  /** Do not log each intercepted request in the console (default true). */
  quiet?: boolean
}

export interface MockWorker {
  readonly worker: SetupWorker
  readonly backend: MockBackend
  /** Stops intercepting and disposes the backend (its timer and sockets). */
  stop(): void
}

/**
 * Runs the mock backend in the browser (for `npm run start:mock`): sockets are mocked in the
 * page, the polling GETs by the service worker. Live updates every second unless told otherwise.
 */
export const startMockWorker = async (options: MockWorkerOptions = {}): Promise<MockWorker> => {
  const { serviceWorkerUrl = '/mockServiceWorker.js', quiet = true, ...backendOptions } = options
  const backend = createMockBackend({ updateIntervalMs: 1000, ...backendOptions })
  const worker = setupWorker(...backend.handlers)
  await worker.start({ serviceWorker: { url: serviceWorkerUrl }, onUnhandledRequest: 'bypass', quiet })
  return {
    worker,
    backend,
    stop: () => {
      worker.stop()
      backend.dispose()
    },
  }
}
