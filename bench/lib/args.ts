/** `--name value` command-line options of a benchmark script. */
export function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`)
  return index >= 0 ? process.argv[index + 1] : undefined
}

export function argNumber(name: string, fallback: number): number {
  const value = Number(argValue(name))
  return argValue(name) !== undefined && Number.isFinite(value) ? value : fallback
}

export const argFlag = (name: string): boolean => process.argv.includes(`--${name}`)
