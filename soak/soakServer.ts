import type { ServerProbe } from './serverEntry'
import type { ControlCommand } from '../server/controlCommands'
import { startServerChild, type FeedSnapshot, type ServerChild } from './serverProcess'
import type { FeedName } from '../src/store/dashboard/feeds'

/**
 * The soak's reference server: one child process at a time, always on the same port, that the
 * chaos can SIGKILL or SIGTERM and start again. An exit nobody asked for is recorded as an error.
 */
export class SoakServer {
  /** Heap (after GC) of each server process when it was last probed, oldest first. */
  readonly heapByRun: { run: number; firstHeap: number; lastHeap: number }[] = []
  readonly unexpectedExits: string[] = []
  private stopping = false
  private runs = 0

  private constructor(private child: ServerChild, private readonly args: readonly string[]) {
    this.watch(child)
  }

  static async start(args: readonly string[]): Promise<SoakServer> {
    return new SoakServer(await startServerChild({ port: 0, args }), args)
  }

  get port(): number { return this.child.port }
  get wsBase(): string { return this.child.wsBase }
  get httpBase(): string { return this.child.httpBase }
  get pid(): number { return this.child.pid }
  isRunning(): boolean { return this.child.isRunning() }

  private watch(child: ServerChild): void {
    this.runs += 1
    const run = this.runs
    void child.exited.then((code) => {
      if (!this.stopping) this.unexpectedExits.push(`server run ${run} exited by itself (${code}): ${child.output().slice(-500)}`)
    })
  }

  /** Stops it with `signal` (SIGKILL: sockets drop without a close frame; SIGTERM: 1012). */
  async stop(signal: NodeJS.Signals): Promise<number | string> {
    this.stopping = true
    try {
      return await this.child.stop(signal)
    } finally {
      this.stopping = false
    }
  }

  /** Starts a new process on the same port; resolves once it listens. */
  async restart(): Promise<void> {
    if (this.child.isRunning()) throw new Error('restart: the server is still running')
    this.child = await startServerChild({ port: this.child.port, args: this.args })
    this.watch(this.child)
  }

  control(command: ControlCommand): Promise<void> {
    return this.child.control(command)
  }

  snapshot(feed: FeedName): Promise<FeedSnapshot> {
    return this.child.snapshot(feed)
  }

  metrics() {
    return this.child.metrics()
  }

  async probe(): Promise<ServerProbe> {
    const probe = await this.child.probe()
    const last = this.heapByRun.at(-1)
    if (last?.run === this.runs) last.lastHeap = probe.heapUsed
    else this.heapByRun.push({ run: this.runs, firstHeap: probe.heapUsed, lastHeap: probe.heapUsed })
    return probe
  }
}
