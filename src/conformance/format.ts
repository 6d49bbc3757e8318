import type { ConformanceReport, ConformanceRow } from './types'

const MARK: Record<ConformanceRow['status'], string> = { pass: 'PASS', fail: 'FAIL', skip: 'SKIP' }

/** One line per row: `PASS  required  id  title — evidence`, plus what a failed optional row costs. */
export const formatRow = (row: ConformanceRow): string => {
  const head = `${MARK[row.status]}  ${row.level.padEnd(8)}  ${row.id.padEnd(15)}  ${row.title}`
  const lines = [head, `      ${row.evidence}`]
  if (row.loses) lines.push(`      → ${row.loses}`)
  return lines.join('\n')
}

export const formatSummary = (report: ConformanceReport): string => {
  const count = (status: ConformanceRow['status']) => report.rows.filter((row) => row.status === status).length
  const failedRequired = report.rows.filter((row) => row.level === 'required' && row.status === 'fail').map((row) => row.id)
  const verdict = report.ok ? 'conforms' : `does NOT conform (required rows failed: ${failedRequired.join(', ')})`
  return `${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped: the backend ${verdict}`
}
