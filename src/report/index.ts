// crm-analytics/report: Node-only report building. This file only re-exports.
export { renderSvg } from './render.js';
export { buildHtmlReport } from './html.js';
export { escapeHtml, csvCell } from './escape.js';
export type { Cell } from './escape.js';
export type { Report, ReportSection, ReportTable } from './types.js';
export { buildReport } from './build.js';
export { startChartWorker } from './chart-worker.js';
export type { ChartRenderer } from './chart-worker.js';
export type { BuildReportOptions, BuiltReport, ReportCustomerRow, ReportInputProfile, ReportProgress, ReturnsProfile } from './build.js';
export { writeReport, writeAtomic } from './write.js';
export type { WriteReportOptions } from './write.js';
export { customerTable, toCsv } from './customer-table.js';
export type { CustomerPart, CustomerTableRow } from './customer-table.js';
export type { ReportSummary, RunContext, SectionStep, CustomerProfile } from './context.js';
