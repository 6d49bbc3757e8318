import { CLI_USAGE, optionsFromCli } from './cliOptions'
import { startServer } from './createServer'

/** If closing hangs, leave anyway: a restart must not wait on one stuck peer. */
const FORCED_EXIT_MS = 3000

const main = async (): Promise<void> => {
  let options
  try {
    options = optionsFromCli(process.argv.slice(2), process.env)
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    console.error(CLI_USAGE)
    process.exit(2)
  }
  const running = await startServer(options)
  // Tests and the E2E runner wait for this exact line (and read the real port from it).
  console.log(`reference server listening on ${running.wsBase}`)

  let stopping = false
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return
    stopping = true
    setTimeout(() => process.exit(0), FORCED_EXIT_MS).unref()
    running.close(1012, 'server restarting').then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`error while stopping on ${signal}:`, error)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
