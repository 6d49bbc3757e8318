import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * What the soak records as it goes lives outside the heap it measures: event records are appended
 * to a JSONL file and read back for the report; samples go into preallocated typed arrays. So the
 * soak's own bookkeeping does not show up as memory growth of the clients.
 */
export class Journal<T> {
  private readonly dir = mkdtempSync(join(tmpdir(), 'soak-'))
  private readonly file = join(this.dir, 'events.jsonl')
  private count = 0

  append(record: T): void {
    appendFileSync(this.file, `${JSON.stringify(record)}\n`)
    this.count += 1
  }

  get length(): number {
    return this.count
  }

  readAll(): T[] {
    if (this.count === 0) return []
    return readFileSync(this.file, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as T)
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** A fixed-capacity list of numbers (no allocation after construction). */
export class Samples {
  private readonly values: Float64Array
  private size = 0

  constructor(capacity: number) {
    this.values = new Float64Array(capacity)
  }

  push(value: number): void {
    if (this.size < this.values.length) this.values[this.size++] = value
  }

  toArray(): number[] {
    return Array.from(this.values.subarray(0, this.size))
  }

  get length(): number {
    return this.size
  }
}
