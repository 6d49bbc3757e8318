import { backoffDelay, type BackoffConfig } from './backoff'

/** Consecutive failed attempts of one endpoint since its last stable connection, and the backoff they earn. */
export class FailureStreak {
  private failures = 0
  private previousDelay: number | undefined
  /** U(0,1) drawn at the start of each streak (additive jitter). */
  private streakJitter = 0

  constructor(private readonly config: BackoffConfig, private readonly random: () => number) {}

  /** Failed attempts in this streak (0 = none since the last stable connection). */
  get attempts(): number {
    return this.failures
  }

  /** One more failed attempt; the first of a streak draws its jitter. */
  failed(): void {
    const { random } = this
    if (this.failures === 0) this.streakJitter = random()
    this.failures++
  }

  /** The wait before retry `attempt` (the streak's count, or the breaker's failed probes while half-open). */
  delay(attempt: number): number {
    const { config, random } = this
    // Additive jitter keeps one draw per failure streak: a cohort dropped together then spreads
    // uniformly over attempt·jitterMax, instead of piling into the triangle of summed independent draws.
    const jitter = config.jitter === 'additive' ? () => this.streakJitter : random
    this.previousDelay = backoffDelay(config, attempt, jitter, this.previousDelay)
    return this.previousDelay
  }

  /** A stable connection, a circuit reset or a disconnect: the next failure starts a new streak. */
  reset(): void {
    this.failures = 0
    this.previousDelay = undefined
  }
}
