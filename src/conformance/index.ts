export { runConformance, DASHBOARD_ENDPOINTS } from './run'
export { formatRow, formatSummary } from './format'
export { ROWS } from './rows'
export type { ConformanceOptions, ConformanceReport, ConformanceRow, RowId } from './types'
