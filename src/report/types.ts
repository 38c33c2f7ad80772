import type { VegaLiteSpec } from '../charts/index.js';
import type { Cell } from './escape.js';

/**
 * A table in the report. Every cell is escaped when rendered; numbers are formatted.
 *
 * @example
 * ```ts
 * const t: ReportTable = { id: 'top', caption: 'Top customers', columns: ['customer', 'CLV'], rows: [['c1', 812.3]] };
 * ```
 */
export interface ReportTable {
  /** HTML id (letters, digits, '-' and '_'); also the CSV file name. */
  id: string;
  caption: string;
  columns: string[];
  rows: Cell[][];
  /** Offer the table as a CSV download (a `data:` link; default false). */
  csv?: boolean;
  /** Render inside a collapsed `<details>` (default false). */
  collapsed?: boolean;
  /** Digits after the decimal point for non-integer numbers (default 2). */
  digits?: number;
}

/**
 * One section of the report. A section whose model is not available carries `omitted` and
 * says why in `note`.
 *
 * @example
 * ```ts
 * const s: ReportSection = { id: 'rfm', title: 'RFM segments', paragraphs: ['5 × 5 × 5 quintile scores.'], tables: [], charts: [] };
 * ```
 */
export interface ReportSection {
  id: string;
  title: string;
  /** Plain-text paragraphs (escaped). */
  paragraphs?: string[];
  /** Bullet points (escaped), e.g. warnings. */
  bullets?: string[];
  tables?: ReportTable[];
  charts?: VegaLiteSpec[];
  /** True when the section could not be computed; `note` says why. */
  omitted?: boolean;
  note?: string;
}

/**
 * The whole report: plain JSON (the CLI's `--json` writes this minus the chart specs' SVG).
 *
 * @example
 * ```ts
 * const r: Report = { title: 'CRM report', subtitle: 'orders.csv', generatedAt: '2026-01-01T00:00:00Z', sections: [] };
 * ```
 */
export interface Report {
  title: string;
  subtitle?: string;
  generatedAt: string;
  sections: ReportSection[];
}
