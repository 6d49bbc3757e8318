/** A Prometheus text exposition (format 0.0.4) as maps: enough to compare two servers' families. */
export interface Exposition {
  /** Family name → `# TYPE` (counter, gauge, histogram). */
  types: Map<string, string>
  /** Family name → `# HELP` text. */
  help: Map<string, string>
  /** `name{label="value",…}` with labels sorted → value (`NaN` and `±Inf` as numbers). */
  samples: Map<string, number>
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\d+)?$/
const LABEL = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g

export const seriesKey = (name: string, labels: Record<string, string> = {}): string => {
  const pairs = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => `${key}="${value}"`)
  return pairs.length === 0 ? name : `${name}{${pairs.join(',')}}`
}

const numberOf = (text: string): number => (text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text))

export const parseExposition = (text: string): Exposition => {
  const exposition: Exposition = { types: new Map(), help: new Map(), samples: new Map() }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue
    const comment = /^# (TYPE|HELP) (\S+) (.*)$/.exec(line)
    if (comment !== null) {
      const [, kind, name, rest] = comment
      if (name !== undefined && rest !== undefined) (kind === 'TYPE' ? exposition.types : exposition.help).set(name, rest)
      continue
    }
    if (line.startsWith('#')) continue
    const sample = SAMPLE.exec(line)
    if (sample === null) throw new Error(`not a sample line: ${line}`)
    const [, name = '', labelText = '', value = ''] = sample
    const labels = Object.fromEntries([...labelText.matchAll(LABEL)].map(([, key = '', labelValue = '']) => [key, labelValue]))
    exposition.samples.set(seriesKey(name, labels), numberOf(value))
  }
  return exposition
}
