// Public API of crm-analytics/cohort. This file only re-exports.
export { cohortTable } from './cohort-table.js';
export type { CohortTable, Cohort, CohortCell, CellStatus, CohortOptions, CohortPeriod, CohortMetric } from './cohort-table.js';
