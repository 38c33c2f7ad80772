/**
 * `buildReport`: the whole report pipeline as a library call, on transactions already in memory
 * (rows or a `TransactionTable`). The CLI reads a file, then calls this. Sections run in order
 * (profile, RFM, value, CLV, lifecycle, rules, churn, all customers) with ONE as-of date for all
 * of them (issue 16.2); a section whose model cannot run is kept as omitted with the reason.
 */
import { invalidOption, invalidInput } from '../core/errors.js';
import {
  CrmError,
  dayToIsoDate,
  isTransactionTable,
  prepareTransactions,
  readOneOf,
  readOptions,
  readString,
  toDayNumber,
  type Transaction,
  type TransactionTable,
} from '../core/index.js';
import { dayRange } from '../core/day-range.js';
import type { CsvRowError } from '../io/index.js';
import type { ReportSummary, RunContext, SectionStep } from './context.js';
import type { Cell } from './escape.js';
import type { VegaLiteSpec } from '../charts/index.js';
import type { ChartRenderer } from './chart-worker.js';
import { buildHtmlReport } from './html.js';
import { renderSvg } from './render.js';
import { collapseOrders } from './orders.js';
import { MODEL_SECTIONS } from './sections/index.js';
import { profileCustomers, profileSection, type ReadStats } from './sections/profile.js';
import type { Report, ReportSection } from './types.js';

/** Reports progress per step (the CLI draws a bar); the default does nothing. */
export interface ReportProgress {
  step(label: string): void;
  stop(): void;
}

/** What the reader saw, for the data profile (the CLI passes it; code may omit it). */
export interface ReportInputProfile {
  /** Data records read. */
  records?: number;
  /** Rows rejected by the reader (all of them) and the first ones with line and reason. */
  errorCount?: number;
  errors?: CsvRowError[];
  /** Rows skipped because the customer id was blank. */
  skippedBlankCustomer?: number;
  /** The column mapping used, by field. */
  columns?: Record<string, string>;
  /** Returns and cancellations under the returns policy (line-level files). */
  returns?: ReturnsProfile;
}

/** How returns and cancellations were treated, and how many there were. */
export interface ReturnsProfile {
  /** `'exclude'`: left out of every section; `'net'`: kept as negative amounts. */
  policy: 'exclude' | 'net';
  /** Lines on cancelled invoices (order id starting with `C`). */
  cancelledLines: number;
  /** Other lines with a quantity ≤ 0 (returns). */
  returnLines: number;
  /** Lines with a positive quantity and a price ≤ 0 (free items, adjustments; excluded under `'exclude'`). */
  zeroPriceLines: number;
  /** Σ amount of those lines. */
  amount: number;
}

/**
 * Options of {@link buildReport}.
 *
 * @example
 * ```ts
 * const o: BuildReportOptions = { asOf: '2010-12-09', afterAsOf: 'exclude', source: 'orders.csv' };
 * ```
 */
export interface BuildReportOptions {
  /** The as-of date (ISO, inclusive) used by every section; default: the last transaction's day. */
  asOf?: string;
  /** Rows after `asOf`: `'error'` (default, the SDK convention) or `'exclude'` (left out and counted in the profile). */
  afterAsOf?: 'error' | 'exclude';
  /** Report title (default "Customer analytics report"). */
  title?: string;
  /** Where the data came from, shown in the subtitle (default "transactions"). */
  source?: string;
  /** Fixed timestamp for reproducible output (default: now). */
  generatedAt?: string;
  /** What the reader saw (records, rejected rows, columns, returns), for the data profile. */
  input?: ReportInputProfile;
  /** Replace the model sections (default: RFM, value, CLV, lifecycle, cohorts, survival, rules, churn). */
  sections?: ReadonlyArray<readonly [id: string, title: string, step: SectionStep | string]>;
  /** Progress per step. */
  progress?: ReportProgress;
  /** Where user-facing lines go (omitted sections, timings); default: nowhere. */
  log?: (line: string) => void;
  /** Log one timing line per section (the CLI's `--verbose`). */
  timings?: boolean;
  /**
   * Renders the charts; given, each section's charts are handed to it as soon as the section is
   * done (with {@link startChartWorker}, they render on another core while the next sections
   * compute). Default: rendered in this thread while the HTML is written. `buildReport` closes
   * it once every chart is rendered (and on failure the caller should).
   */
  renderer?: ChartRenderer;
}

/** One row of the all-customers table: profile columns plus every per-customer column a section produced. */
export type ReportCustomerRow = { customerId: string } & { [column: string]: Cell };

/**
 * The result of {@link buildReport}: the HTML, the sections as plain data (tables are sortable
 * data), the all-customers table, the whole report object and a short summary.
 */
export interface BuiltReport {
  html: string;
  sections: ReportSection[];
  customers: ReportCustomerRow[];
  report: Report;
  summary: ReportSummary;
}

const SILENT: ReportProgress = { step: () => undefined, stop: () => undefined };

/**
 * Build the full CRM report from transactions: data profile, RFM segments, value matrix and
 * ABC/Pareto, BG/NBD + Gamma-Gamma CLV, lifecycle stages and early warnings (ranked by value at
 * risk), association rules (when rows carry `item`), a churn tree, and the all-customers table.
 * Every section uses the same inclusive `asOf`. Returns the HTML and the data; write it with
 * {@link writeReport}.
 *
 * @example
 * ```ts
 * import { buildReport } from 'crm-analytics/report';
 * import { loadOnlineRetailInvoices } from 'crm-analytics/datasets';
 * const rows = loadOnlineRetailInvoices();
 * const { html, sections, customers } = await buildReport(rows, { asOf: '2010-12-09' });
 * console.log(sections.map((s) => s.id), customers.length); // [ 'profile', 'rfm', … ] 4312
 * ```
 */
export async function buildReport(transactions: ReadonlyArray<Transaction> | TransactionTable, options: BuildReportOptions = {}): Promise<BuiltReport> {
  const o = readOptions(options, ['asOf', 'afterAsOf', 'title', 'source', 'generatedAt', 'input', 'sections', 'progress', 'log', 'timings', 'renderer']);
  const afterAsOf = readOneOf(o.afterAsOf, ['options', 'afterAsOf'], ['error', 'exclude'] as const, 'error');
  const log = typeof o.log === 'function' ? (o.log as (line: string) => void) : () => undefined;
  const progress = (o.progress as ReportProgress | undefined) ?? SILENT;
  const input = (o.input as ReportInputProfile | undefined) ?? {};
  const source = o.source === undefined ? 'transactions' : readString(o.source, ['options', 'source']);
  const timings = o.timings === true;
  const renderer = o.renderer as ChartRenderer | undefined;
  if (renderer !== undefined && (typeof renderer !== 'object' || renderer === null || typeof renderer.render !== 'function')) {
    invalidOption(['options', 'renderer'], 'renderer must be an object with a render(spec) method (e.g. startChartWorker())');
  }
  // SVGs started as soon as their section was done (only with a renderer).
  const svgs = new Map<VegaLiteSpec, Promise<string>>();
  const submit = (section: ReportSection): void => {
    if (renderer === undefined || section.omitted === true) return;
    for (const spec of section.charts ?? []) {
      const p = renderer.render(spec);
      p.catch(() => undefined); // awaited (and thrown) when the HTML is written
      svgs.set(spec, p);
    }
  };
  try {
    progress.step('profiling');
    let table = isTransactionTable(transactions) ? transactions : prepareTransactions(transactions as ReadonlyArray<Transaction>);
    if (table.length === 0) invalidInput(['transactions'], 'there are no transactions to report on');
    const maxDay = dayRange(table).max;
    const asOf = o.asOf === undefined ? dayToIsoDate(Math.floor(maxDay)) : readString(o.asOf, ['options', 'asOf']);
    const asOfDay = Math.floor(toDayNumber(asOf, ['options', 'asOf']));
    let afterCount = 0;
    if (maxDay >= asOfDay + 1) {
      const keep: number[] = [];
      for (let i = 0; i < table.length; i++) if ((table.day[i]!) < asOfDay + 1) keep.push(i);
      afterCount = table.length - keep.length;
      if (afterAsOf === 'error') {
        invalidInput(['options', 'asOf'], `${afterCount} transactions are dated after asOf ${asOf}; pass afterAsOf: 'exclude' to leave them out`, 'an asOf on or after the last transaction', asOf);
      }
      if (keep.length === 0) invalidInput(['options', 'asOf'], `no transaction is on or before asOf ${asOf}`, undefined, asOf);
      table = prepareTransactions(keep.map((i) => rowOf(table, i)));
    }
    const stats: ReadStats = {
      records: input.records ?? table.length + afterCount,
      errorCount: input.errorCount ?? 0,
      errors: input.errors ?? [],
      skippedBlankCustomer: input.skippedBlankCustomer ?? 0,
      afterAsOf: afterCount,
      columns: input.columns ?? {},
      ...(input.returns === undefined ? {} : { returns: input.returns }),
    };
    const customerColumns: Array<{ name: string; values: Cell[] }> = [];
    const summary: ReportSummary = {
      file: source,
      rows: table.length,
      customers: table.customerIds.length,
      rejectedRows: stats.errorCount,
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
      table,
      orders: collapseOrders(table),
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
    ctx.customers = profileCustomers({ table: ctx.orders });
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
    submit(sections[0] as ReportSection);
    for (const [id, title, step] of (o.sections as BuildReportOptions['sections']) ?? MODEL_SECTIONS) {
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
      const t0 = performance.now();
      try {
        const section = await step(ctx);
        sections.push(section);
        submit(section);
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
      if (timings) log(`timing: ${title} ${Math.round(performance.now() - t0)} ms`);
    }
    const names = customerColumns.map((c) => c.name);
    const customers: ReportCustomerRow[] = ctx.customers.map((c, i) => {
      const row = { customerId: c.customerId, orders: c.orders, revenue: c.revenue, firstPurchase: dayToIsoDate(c.firstDay), lastPurchase: dayToIsoDate(c.lastDay) } as ReportCustomerRow;
      for (const col of customerColumns) Object.defineProperty(row, col.name, { value: col.values[i] ?? null, enumerable: true, writable: true, configurable: true });
      return row;
    });
    // All customers, with every per-customer column the sections produced.
    sections.push({
      id: 'customers',
      title: 'All customers',
      paragraphs: [`One row per customer (${ctx.customers.length.toLocaleString('en-US')}), sorted by customer id.`],
      tables: [
        {
          id: 'customer-table',
          caption: 'Customers',
          columns: ['Customer', 'Orders', 'Revenue', 'First purchase', 'Last purchase', ...names],
          rows: ctx.customers.map((c, i) => [c.customerId, c.orders, c.revenue, dayToIsoDate(c.firstDay), dayToIsoDate(c.lastDay), ...customerColumns.map((col) => col.values[i] ?? null)]),
          csv: true,
          collapsed: true,
        },
      ],
    });
    summary.sections = sections.map((s) => ({ id: s.id, title: s.title, omitted: s.omitted === true, ...(s.note === undefined ? {} : { note: s.note }) }));
    progress.step('writing report');
    const t0 = performance.now();
    const report: Report = {
      title: o.title === undefined ? 'Customer analytics report' : readString(o.title, ['options', 'title']),
      subtitle: `${source}: ${summary.customers.toLocaleString('en-US')} customers, ${summary.firstDate} to ${summary.lastDate}, as of ${asOf}`,
      generatedAt: o.generatedAt === undefined ? new Date().toISOString() : readString(o.generatedAt, ['options', 'generatedAt']),
      sections,
    };
    let render: ((spec: VegaLiteSpec) => Promise<string>) | undefined;
    if (renderer !== undefined) {
      // Every chart was handed over with its section: wait for them, then release the renderer
      // (a worker's ~60 MB) before the HTML strings are built.
      await Promise.allSettled(svgs.values());
      renderer.close();
      render = (spec) => svgs.get(spec) ?? renderSvg(spec);
    }
    const html = await buildHtmlReport(report, render);
    if (timings) log(`timing: HTML ${Math.round(performance.now() - t0)} ms`);
    return { html, sections, customers, report, summary };
  } finally {
    progress.stop();
  }
}

/** Row i of a table back as a transaction (only used to drop rows after asOf). */
function rowOf(t: TransactionTable, i: number): Transaction {
  const row: Transaction = { customerId: t.customerIds[t.customer[i]!] as string, date: (t.day[i]!) * 86_400_000, amount: t.amount[i]! };
  const o = t.order?.[i];
  if (o !== undefined && o >= 0 && t.orderIds !== undefined) row.orderId = t.orderIds[o] as string;
  const it = t.item?.[i];
  if (it !== undefined && it >= 0 && t.items !== undefined) row.item = t.items[it] as string;
  return row;
}
