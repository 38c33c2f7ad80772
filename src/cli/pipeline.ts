import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { CrmError, dayToIsoDate, prepareTransactions, toDayNumber, type Transaction } from '../core/index.js';
import { readTransactionsCsv, type CsvColumns, type DateFormat } from '../io/index.js';
import { buildHtmlReport, type Cell, type Report, type ReportSection } from '../report/index.js';
import { guessColumn, type ReportField } from './columns.js';
import { checkOutputs, writeAtomic } from './files.js';
import { listExcerpt, quoteExcerpt } from '../io/excerpt.js';
import type { ReportSummary, RunContext, SectionStep } from './context.js';
import { silentProgress, type Progress } from './progress.js';
import { profileCustomers, profileSection, type ReadStats } from './sections/profile.js';
import { MODEL_SECTIONS } from './sections/index.js';

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
  /** CSV file, plain or gzip. */
  file: string;
  /** Explicit column names; the rest are guessed from common headers (`item` is never guessed). */
  columns?: Partial<Record<ReportField, string>>;
  /** Analysis date (ISO); default: the day after the last transaction. Later rows are excluded. */
  asOf?: string;
  dateFormat?: DateFormat;
  delimiter?: string;
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
}

/**
 * The outcome of {@link runReport}: the report (plain JSON), its summary, and the HTML
 * (also written to `out` when given).
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
}

/** Read the first line of a plain or gzip file without loading the whole file (stops after 64 KB). */
async function readFirstLine(file: string): Promise<string> {
  const head = await new Promise<Buffer>((resolve, reject) => {
    const raw = createReadStream(file, { start: 0, end: 1 });
    const magic: Buffer[] = [];
    raw.on('data', (b) => magic.push(b as Buffer));
    raw.on('error', reject);
    raw.on('end', () => resolve(Buffer.concat(magic)));
  });
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  const source = createReadStream(file);
  const stream = gz ? source.pipe(createGunzip()) : source;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Buffer;
      chunks.push(b);
      size += b.length;
      if (b.includes(0x0a) || size >= 65536) break;
    }
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks).subarray(0, 65536).toString('utf8');
}

async function readHeader(file: string, delimiter: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFirstLine(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new CrmError('IO_ERROR', `cannot read ${quoteExcerpt(file, 200)}: ${reason}`, { path: ['file'], cause: e });
  }
  const line = (text.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '').trim();
  if (line === '') throw new CrmError('INVALID_INPUT', `${quoteExcerpt(file, 200)} has no header line`, { path: ['file', 1] });
  // Header names seldom contain the delimiter inside quotes; strip surrounding quotes.
  return line.split(delimiter).map((h) => h.trim().replace(/^"(.*)"$/, '$1').replace(/""/g, '"'));
}

/** Resolve explicit and guessed columns; throws INVALID_INPUT naming the missing field. */
export function resolveColumns(headers: ReadonlyArray<string>, given: Partial<Record<ReportField, string>>, log: (l: string) => void): Partial<Record<ReportField, string>> {
  const out: Partial<Record<ReportField, string>> = {};
  const taken = new Set<string>(Object.values(given).filter((v): v is string => v !== undefined));
  const flag: Record<ReportField, string> = { customerId: '--customer', date: '--date', amount: '--amount', orderId: '--order', item: '--item' };
  for (const field of ['customerId', 'date', 'amount', 'orderId', 'item'] as const) {
    const g = given[field];
    if (g !== undefined) {
      if (!headers.includes(g)) {
        throw new CrmError('INVALID_INPUT', `column ${quoteExcerpt(g)} (${flag[field]}) is not in the header`, {
          path: ['columns', field],
          expected: `one of ${listExcerpt(headers)}`,
          received: quoteExcerpt(g),
        });
      }
      out[field] = g;
      continue;
    }
    if (field === 'item') continue;
    const guess = guessColumn(headers, field, taken);
    if (guess === undefined) {
      if (field === 'orderId') continue;
      throw new CrmError('INVALID_INPUT', `no column for ${field} was given and none could be guessed; pass ${flag[field]} COL`, {
        path: ['columns', field],
        expected: `one of ${listExcerpt(headers)}`,
      });
    }
    taken.add(guess);
    out[field] = guess;
    log(`guessed ${flag[field]} ${quoteExcerpt(guess)}`);
  }
  return out;
}

/**
 * Run the whole report pipeline on a transaction CSV: read (bad rows collected with line
 * numbers), profile, then every model section that is available (RFM, value/ABC, CLV,
 * lifecycle, rules, churn). Writes `out` (HTML) and `json` when given. A section that
 * cannot be computed is kept as an omitted section with the reason, never faked.
 *
 * @example
 * ```ts
 * import { runReport } from './pipeline.js';
 * const run = await runReport({ file: 'data/online_retail_II_2009_2010_invoices.csv.gz', out: 'report.html' });
 * console.log(run.summary.topSegments);
 * ```
 */
export async function runReport(options: RunReportOptions): Promise<ReportRun> {
  const log = options.log ?? (() => undefined);
  const delimiter = options.delimiter ?? ',';
  const progress = options.progress ?? silentProgress;
  try {
    checkOutputs([['input file', options.file]], [['out', options.out], ['json', options.json]]);
    progress.step('reading CSV');
    const headers = await readHeader(options.file, delimiter);
    const columns = resolveColumns(headers, options.columns ?? {}, log);
    const csvColumns: CsvColumns = { customerId: columns.customerId as string, date: columns.date as string, amount: columns.amount as string };
    if (columns.orderId !== undefined) csvColumns.orderId = columns.orderId;
    if (columns.item !== undefined) csvColumns.item = columns.item;
    const read = await readTransactionsCsv(options.file, {
      columns: csvColumns,
      onError: 'collect',
      maxErrors: 1000,
      skipBlankCustomerId: true,
      delimiter,
      maxRows: options.maxRows ?? CLI_MAX_ROWS,
      ...(options.dateFormat === undefined ? {} : { dateFormat: options.dateFormat }),
    });
    if (read.rows.length === 0) {
      const first = read.errors[0];
      throw new CrmError(
        'INVALID_INPUT',
        first === undefined
          ? `${quoteExcerpt(options.file, 200)} has no usable rows`
          : `no usable rows in ${quoteExcerpt(options.file, 200)}; first problem at line ${first.line}, column ${first.column === null ? '?' : quoteExcerpt(first.column)}: ${first.message}`,
        { path: first === undefined ? ['file'] : ['file', first.line, first.column ?? 'record'] },
      );
    }
    progress.step('profiling');
    let maxDay = -Infinity;
    const allRows: Transaction[] = read.rows as Transaction[];
    for (const r of allRows) {
      const d = toDayNumber(r.date);
      if (d > maxDay) maxDay = d;
    }
    let minDay = Infinity;
    for (const r of allRows) {
      const d = toDayNumber(r.date);
      if (d < minDay) minDay = d;
    }
    // The models work per day and per period of the observation window: a span of centuries is a
    // misread date column (epoch seconds read as milliseconds, a wrong --date-format), not a CRM history.
    if (maxDay - minDay > MAX_SPAN_DAYS) {
      throw new CrmError(
        'INVALID_INPUT',
        `the dates run from ${dayToIsoDate(Math.floor(minDay))} to ${dayToIsoDate(Math.floor(maxDay))}, more than ${MAX_SPAN_DAYS / 365.25} years; check the date column and --date-format`,
        { path: ['columns', 'date'], expected: `dates spanning at most ${MAX_SPAN_DAYS / 365.25} years` },
      );
    }
    const asOf = options.asOf ?? dayToIsoDate(Math.floor(maxDay) + 1);
    const asOfDay = toDayNumber(asOf, ['options', 'asOf']);
    const rows = allRows.filter((r) => toDayNumber(r.date) < asOfDay);
    if (rows.length === 0) throw new CrmError('INVALID_INPUT', `no transaction is before --as-of ${asOf}`, { path: ['options', 'asOf'], received: asOf });
    const table = prepareTransactions(rows);
    const stats: ReadStats = {
      records: read.records,
      errorCount: read.errorCount,
      errors: read.errors,
      skippedBlankCustomer: read.skipped,
      afterAsOf: allRows.length - rows.length,
      columns: Object.fromEntries(Object.entries(columns)),
    };
    const customerColumns: Array<{ name: string; values: Cell[] }> = [];
    const summary: ReportSummary = {
      file: options.file,
      rows: rows.length,
      customers: table.customerIds.length,
      rejectedRows: read.errorCount,
      firstDate: '',
      lastDate: '',
      asOf,
      revenue: 0,
      topSegments: [],
      totalClv: null,
      clvHorizon: null,
      topRules: [],
      sections: [],
    };
    const ctx: RunContext = {
      rows,
      table,
      asOf,
      asOfDay,
      hasOrder: table.orderIds !== undefined,
      hasItem: table.items !== undefined,
      customers: [],
      customerIndex: new Map(table.customerIds.map((id, i) => [id, i])),
      summary,
      addCustomerColumn(name, values) {
        customerColumns.push({ name, values });
      },
      log,
    };
    ctx.customers = profileCustomers(ctx);
    let first = Infinity;
    let last = -Infinity;
    let revenue = 0;
    for (const c of ctx.customers) {
      first = Math.min(first, c.firstDay);
      last = Math.max(last, c.lastDay);
      revenue += c.revenue;
    }
    summary.firstDate = dayToIsoDate(first);
    summary.lastDate = dayToIsoDate(last);
    summary.revenue = revenue;
    const sections: ReportSection[] = [profileSection(ctx, stats)];
    for (const [id, title, step] of options.sections ?? MODEL_SECTIONS) {
      progress.step(title);
      if (typeof step === 'string') {
        sections.push({ id, title, omitted: true, note: step });
        log(`section ${JSON.stringify(title)} omitted: ${step}`);
        continue;
      }
      // A failing step leaves no trace: its customer columns, summary fields and P(alive) are rolled back.
      const columnsBefore = customerColumns.length;
      const summaryBefore = structuredClone(summary);
      const aliveBefore = ctx.probabilityAlive;
      try {
        sections.push(await step(ctx));
      } catch (e) {
        if (!(e instanceof CrmError)) throw e;
        customerColumns.length = columnsBefore;
        Object.assign(summary, summaryBefore);
        if (aliveBefore === undefined) delete ctx.probabilityAlive;
        else ctx.probabilityAlive = aliveBefore;
        const note = `could not be computed on this data: ${e.message}`;
        sections.push({ id, title, omitted: true, note });
        log(`section ${JSON.stringify(title)} omitted: ${e.message}`);
      }
    }
    // All customers, with every per-customer column the sections produced.
    sections.push({
      id: 'customers',
      title: 'All customers',
      paragraphs: [`One row per customer (${ctx.customers.length.toLocaleString('en-US')}), sorted by customer id.`],
      tables: [
        {
          id: 'customer-table',
          caption: 'Customers',
          columns: ['Customer', 'Orders', 'Revenue', 'First purchase', 'Last purchase', ...customerColumns.map((c) => c.name)],
          rows: ctx.customers.map((c, i) => [c.customerId, c.orders, c.revenue, dayToIsoDate(c.firstDay), dayToIsoDate(c.lastDay), ...customerColumns.map((col) => col.values[i] ?? null)]),
          csv: true,
          collapsed: true,
        },
      ],
    });
    summary.sections = sections.map((s) => ({ id: s.id, title: s.title, omitted: s.omitted === true, ...(s.note === undefined ? {} : { note: s.note }) }));
    progress.step('writing report');
    const report: Report = {
      title: 'Customer analytics report',
      subtitle: `${options.file}: ${summary.customers.toLocaleString('en-US')} customers, ${summary.firstDate} to ${summary.lastDate}, as of ${asOf}`,
      generatedAt: options.generatedAt ?? new Date().toISOString(),
      sections,
    };
    const html = await buildHtmlReport(report);
    if (options.out !== undefined) await writeOut(options.out, html, ['options', 'out']);
    if (options.json !== undefined) await writeOut(options.json, `${JSON.stringify({ summary, report }, null, 2)}\n`, ['options', 'json']);
    return { report, summary, columns, html };
  } finally {
    progress.stop();
  }
}

async function writeOut(file: string, text: string, path: string[]): Promise<void> {
  await writeAtomic(file, text, path);
}

/**
 * Default row budget of the report: 5 million rows (the report keeps every row, about 200 bytes
 * each, so about 1 GB), half the library's default because the models' work comes on top.
 */
export const CLI_MAX_ROWS = 5_000_000;

/** Longest date span the report accepts (100 years), see {@link runReport}. */
export const MAX_SPAN_DAYS = 36_525;

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
  if (s.topRules.length > 0) lines.push(`Top rules: ${s.topRules.slice(0, 3).join('; ')}`);
  const omitted = s.sections.filter((x) => x.omitted);
  if (omitted.length > 0) lines.push(`Omitted: ${omitted.map((x) => `${x.title} (${x.note ?? ''})`).join('; ')}`);
  if (htmlPath !== undefined) lines.push(`HTML report: ${htmlPath}`);
  return lines.join('\n');
}
