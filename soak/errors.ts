import { format } from 'node:util'

/**
 * Records uncaught exceptions, unhandled rejections and console.error calls of the soak process
 * (where the Node clients live) instead of dying on the first one, so the report can list them.
 */
export interface ErrorCapture {
  readonly list: readonly string[]
  dispose(): void
}

const MAX_KEPT = 100

export function captureErrors(): ErrorCapture {
  const list: string[] = []
  const keep = (line: string): void => {
    if (list.length < MAX_KEPT) list.push(line.slice(0, 2000))
  }
  const onException = (error: unknown): void => keep(`uncaught exception: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
  const onRejection = (reason: unknown): void => keep(`unhandled rejection: ${reason instanceof Error ? reason.stack ?? reason.message : String(reason)}`)
  const originalError = console.error
  console.error = (...args: unknown[]): void => {
    keep(`console.error: ${format(...args)}`)
    originalError(...args)
  }
  process.on('uncaughtException', onException)
  process.on('unhandledRejection', onRejection)
  return {
    list,
    dispose() {
      process.off('uncaughtException', onException)
      process.off('unhandledRejection', onRejection)
      console.error = originalError
    },
  }
}
