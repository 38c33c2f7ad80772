/**
 * The CLI's report run: read the file (`read.ts`: dialect sniffing, column guesses, line-level
 * amounts, returns policy), then the library's `buildReport` and `writeReport`. Nothing of the
 * report itself lives here.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dayToIsoDate, invalidInput } from '../core/index.js';
import { dayRange } from '../core/day-range.js';
import { parquetToCsv, isParquetPath } from '../io/parquet.js';
import type { DateFormat } from '../io/index.js';
import { buildReport, startChartWorker, writeReport, type BuiltReport, type Report, type ReportCustomerRow, type ReportSummary, type SectionStep } from '../report/index.js';
import { MODEL_SECTIONS } from '../report/sections/index.js';
import type { ReportField } from './columns.js';
import { checkOutputs } from './files.js';
import { silentProgress, type Progress } from './progress.js';
import { readInput } from './read.js';
import type { CliEncoding } from './sniff.js';

export { MODEL_SECTIONS };

/**
 * Options of {@link runReport}.
 *
 * @example
 * ```ts
 * const o: RunReportOptions = { file: 'orders.csv.gz', columns: { customerId: 'Customer ID' }, out: 'report.html' };
 * ```
 */
export interface RunReportOptions {
  /** CSV file (plain or gzip), or a Parquet file when `@duckdb/node-api` is installed. */
  file: string;
  /** Explicit column names; the rest are guessed from common headers (`item` is never guessed). */
  columns?: Partial<Record<ReportField, string>>;
  /** Analysis date (ISO, inclusive); default: the last transaction's day. Later rows are excluded and counted. */
  asOf?: string;
  dateFormat?: DateFormat;
  delimiter?: string;
  decimal?: '.' | ',';
  encoding?: CliEncoding;
  /** Returns policy: `'exclude'` (default) or `'net'`. */
  returns?: 'exclude' | 'net';
  /** Stop with `BUDGET_EXCEEDED` after this many data rows (default {@link CLI_MAX_ROWS}). */
  maxRows?: number;
  /** Write the HTML report here. */
  out?: string;
  /** Write the report and summary as JSON here. */
  json?: string;
  /** Fixed timestamp for reproducible output (default: now). */
  generatedAt?: string;
  progress?: Progress;
  /** Replace the model sections (default {@link MODEL_SECTIONS}: RFM, value, CLV, lifecycle, rules, churn). */
  sections?: ReadonlyArray<readonly [id: string, title: string, step: SectionStep | string]>;
  /** Where user-facing lines go (column guesses, omitted sections); default: nowhere. */
  log?: (line: string) => void;
  /** One timing line per step through `log`. */
  verbose?: boolean;
}

/**
 * The outcome of {@link runReport}: the report (plain JSON), its summary, the columns used, the
 * HTML (also written to `out` when given) and the all-customers table.
 *
 * @example
 * ```ts
 * const run: ReportRun = await runReport({ file: 'orders.csv' });
 * console.log(run.summary.customers);
 * ```
 */
export interface ReportRun {
  report: Report;
  summary: ReportSummary;
  columns: Partial<Record<ReportField, string>>;
  html: string;
  customers: ReportCustomerRow[];
  built: BuiltReport;
}

/**
 * Default row budget of the report: 5 million rows (the report keeps every row, about 200 bytes
 * each, so about 1 GB), half the library's default because the models' work comes on top.
 */
export const CLI_MAX_ROWS = 5_000_000;

/** Longest date span the report accepts (100 years), see {@link runReport}. */
export const MAX_SPAN_DAYS = 36_525;

/**
 * Read a transaction file and build the report with `buildReport` (one as-of date for every
 * section); write `out` (HTML) and `json` atomically when given. Dates spanning more than 100
 * years are refused (a misread date column).
 *
 * @example
 * ```ts
 * import { runReport } from './pipeline.js';
 * const run = await runReport({ file: 'data/online_retail_II_2009_2010_lines_sample.csv.gz', out: 'report.html' });
 * console.log(run.summary.topSegments);
 * ```
 */
export async function runReport(options: RunReportOptions): Promise<ReportRun> {
  const log = options.log ?? (() => undefined);
  const progress = options.progress ?? silentProgress;
  checkOutputs([['input file', options.file]], [['out', options.out], ['json', options.json]]);
  let file = options.file;
  let tmp: string | undefined;
  // Started first: the worker imports vega while the file is read, and renders each section's
  // charts while the next sections compute.
  const renderer = startChartWorker();
  try {
    progress.step('reading');
    const t0 = performance.now();
    if (isParquetPath(file)) {
      tmp = mkdtempSync(join(tmpdir(), 'crm-analytics-parquet-'));
      const csv = join(tmp, 'data.csv');
      await parquetToCsv(file, csv);
      file = csv;
    }
    const read = await readInput({
      file,
      ...(options.columns === undefined ? {} : { columns: options.columns }),
      ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      ...(options.decimal === undefined ? {} : { decimal: options.decimal }),
      ...(options.dateFormat === undefined ? {} : { dateFormat: options.dateFormat }),
      ...(options.encoding === undefined ? {} : { encoding: options.encoding }),
      ...(options.returns === undefined ? {} : { returns: options.returns }),
      maxRows: options.maxRows ?? CLI_MAX_ROWS,
      log,
    });
    const table = read.table;
    if (options.verbose === true) log(`timing: reading ${Math.round(performance.now() - t0)} ms (${table.length} rows)`);
    const { min: minDay, max: maxDay } = dayRange(table);
    // The models work per day and per period of the observation window: a span of centuries is a
    // misread date column (epoch seconds read as milliseconds, a wrong --date-format), not a CRM history.
    if (maxDay - minDay > MAX_SPAN_DAYS) {
      const iso = (d: number): string => dayToIsoDate(Math.floor(d));
      invalidInput(['columns', 'date'], `the dates run from ${iso(minDay)} to ${iso(maxDay)}, more than ${MAX_SPAN_DAYS / 365.25} years; check the date column and --date-format`, `dates spanning at most ${MAX_SPAN_DAYS / 365.25} years`);
    }
    const built = await buildReport(table, {
      ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
      afterAsOf: 'exclude',
      source: options.file,
      input: read.input,
      progress: { step: (l) => progress.step(l), stop: () => undefined },
      log,
      timings: options.verbose === true,
      ...(options.generatedAt === undefined ? {} : { generatedAt: options.generatedAt }),
      ...(options.sections === undefined ? {} : { sections: options.sections }),
      renderer,
    });
    await writeReport(built, { ...(options.out === undefined ? {} : { out: options.out }), ...(options.json === undefined ? {} : { json: options.json }) });
    return { report: built.report, summary: built.summary, columns: read.columns, html: built.html, customers: built.customers, built };
  } finally {
    renderer.close();
    progress.stop();
    if (tmp !== undefined) rmSync(tmp, { recursive: true, force: true });
  }
}

/** The number of progress steps {@link runReport} reports. */
export const REPORT_STEPS = MODEL_SECTIONS.length + 3;

/**
 * A short text summary of a run: size, top segments, total CLV, top rules, sections left out,
 * and the HTML path. This is what `npm run demo` prints.
 *
 * @example
 * ```ts
 * console.log(formatSummary(run.summary, 'report.html'));
 * ```
 */
export function formatSummary(s: ReportSummary, htmlPath?: string): string {
  const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
  const lines = [
    `${s.file}: ${fmt(s.rows)} rows, ${fmt(s.customers)} customers, ${s.firstDate} to ${s.lastDate} (as of ${s.asOf}), revenue ${fmt(s.revenue)}; ${fmt(s.rejectedRows)} rows rejected`,
  ];
  if (s.topSegments.length > 0) lines.push(`Top segments: ${s.topSegments.slice(0, 5).map((t) => `${t.segment} ${fmt(t.customers)}`).join(', ')}`);
  if (s.totalClv !== null) lines.push(`Total CLV${s.clvHorizon === null ? '' : ` (${s.clvHorizon})`}: ${fmt(s.totalClv)}`);
  if (s.topRules.length > 0) lines.push(`Top rules: ${s.topRules.slice(0, 3).map((r) => r.replace(/[\r\n\t]+/g, ' ')).join('; ')}`);
  const omitted = s.sections.filter((x) => x.omitted);
  if (omitted.length > 0) lines.push(`Omitted: ${omitted.map((x) => `${x.title} (${x.note ?? ''})`).join('; ')}`);
  if (htmlPath !== undefined) lines.push(`HTML report: ${htmlPath}`);
  return lines.join('\n');
}
