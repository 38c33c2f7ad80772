// crm-analytics report: Node-only HTML report building. This file only re-exports.
export { renderSvg } from './render.js';
export { buildHtmlReport } from './html.js';
export { escapeHtml, csvCell, toCsv } from './escape.js';
export type { Cell } from './escape.js';
export type { Report, ReportSection, ReportTable } from './types.js';
