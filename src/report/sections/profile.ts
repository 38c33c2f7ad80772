import { dayToIsoDate } from '../../core/index.js';
import { dayRange } from '../../core/day-range.js';
import { segmentSizesChart } from '../../charts/index.js';
import type { CsvRowError } from '../../io/index.js';
import type { ReportSection } from '../../report/index.js';
import type { RunContext } from '../context.js';

/** What the reader reported, for the profile. */
export interface ReadStats {
  records: number;
  errorCount: number;
  errors: CsvRowError[];
  skippedBlankCustomer: number;
  afterAsOf: number;
  columns: Record<string, string>;
  /** Returns and cancellations under the returns policy (line-level files). */
  returns?: import('../build.js').ReturnsProfile;
}

/**
 * Per-customer orders/revenue/first/last from the columnar table, in one pass.
 * Orders are distinct order ids when an order column was given, rows otherwise.
 */
export function profileCustomers(ctx: Pick<RunContext, 'table'>): Array<{ customerId: string; orders: number; revenue: number; firstDay: number; lastDay: number }> {
  const t = ctx.table;
  const n = t.customerIds.length;
  const revenue = new Float64Array(n);
  const first = new Float64Array(n).fill(Infinity);
  const last = new Float64Array(n).fill(-Infinity);
  const rows = new Int32Array(n);
  const orderSets: Array<Set<number>> | undefined = t.order === undefined ? undefined : Array.from({ length: n }, () => new Set<number>());
  for (let i = 0; i < t.length; i++) {
    const c = t.customer[i]!;
    const d = t.day[i]!;
    revenue[c] = (revenue[c]!) + (t.amount[i]!);
    rows[c] = (rows[c]!) + 1;
    if (d < (first[c]!)) first[c] = d;
    if (d > (last[c]!)) last[c] = d;
    if (orderSets !== undefined) {
      const o = (t.order as Int32Array)[i] as number;
      // A row without an order id counts as its own order.
      (orderSets[c] as Set<number>).add(o >= 0 ? o : -1 - i);
    }
  }
  return t.customerIds.map((customerId, c) => ({
    customerId,
    orders: orderSets === undefined ? (rows[c]!) : (orderSets[c] as Set<number>).size,
    revenue: revenue[c]!,
    firstDay: first[c]!,
    lastDay: last[c]!,
  }));
}

/** The data profile section: rows, customers, date range, revenue, rejected rows with reasons. */
export function profileSection(ctx: RunContext, stats: ReadStats): ReportSection {
  const t = ctx.table;
  const { min: minDay, max: maxDay } = dayRange(t);
  let revenue = 0;
  for (let i = 0; i < t.length; i++) revenue += t.amount[i]!;
  const orders = t.orderIds === undefined ? null : t.orderIds.length;
  const reasons = new Map<string, number>();
  for (const e of stats.errors) {
    const key = e.field === null ? `malformed record: ${e.message}` : `${e.field} (column ${e.column ?? '?'}): ${e.message.replace(/"[^"]*"/g, '…')}`;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  const reasonRows = [...reasons.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([reason, count]) => [reason, count]);
  const examples = stats.errors.slice(0, 20).map((e) => [e.line, e.column ?? '', e.value ?? '', e.message]);
  const facts: Array<[string, string | number]> = [
    ['Data records read', stats.records],
    ['Rows used', t.length],
    ['Rows rejected', stats.errorCount],
    ['Rows without a customer id (skipped)', stats.skippedBlankCustomer],
    ['Rows after the as-of date (excluded)', stats.afterAsOf],
    ...(stats.returns === undefined
      ? []
      : ([
          [`Lines on cancelled invoices (${stats.returns.policy === 'exclude' ? 'excluded' : 'kept, negative'})`, stats.returns.cancelledLines],
          [`Return lines, quantity ≤ 0 (${stats.returns.policy === 'exclude' ? 'excluded' : 'kept, negative'})`, stats.returns.returnLines],
          [`Zero-price lines (${stats.returns.policy === 'exclude' ? 'excluded' : 'kept'})`, stats.returns.zeroPriceLines],
          ['Amount of those lines', stats.returns.amount],
        ] as Array<[string, number]>)),
    ['Customers', t.customerIds.length],
    ['Orders', orders ?? 'no order column'],
    ['First transaction', dayToIsoDate(minDay)],
    ['Last transaction', dayToIsoDate(maxDay)],
    ['As-of date', ctx.asOf],
    [stats.columns.quantity === undefined ? 'Revenue (sum of amount)' : 'Revenue (sum of quantity × price)', revenue],
    ...Object.entries(stats.columns).map(([field, col]): [string, string] => [`Column for ${field}`, col]),
  ];
  const orderCounts = new Map<string, number>();
  for (const c of ctx.customers) {
    const k = c.orders >= 10 ? '10+' : String(c.orders);
    orderCounts.set(k, (orderCounts.get(k) ?? 0) + 1);
  }
  const bins = [...orderCounts.entries()].sort((a, b) => (a[0] === '10+' ? 1 : b[0] === '10+' ? -1 : Number(a[0]) - Number(b[0])));
  return {
    id: 'profile',
    title: 'Data profile',
    tables: [
      { id: 'profile-facts', caption: 'Overview', columns: ['Measure', 'Value'], rows: facts.map(([k, v]) => [k, v]) },
      ...(reasonRows.length > 0
        ? [
            { id: 'rejected-reasons', caption: 'Rejected rows by reason', columns: ['Reason', 'Rows'], rows: reasonRows },
            { id: 'rejected-examples', caption: 'First rejected rows', columns: ['Line', 'Column', 'Value', 'Problem'], rows: examples, csv: true },
          ]
        : []),
    ],
    charts: [segmentSizesChart(bins.map(([k, v]) => ({ segment: `${k} orders`, customers: v })), { title: 'Customers by number of orders', sort: 'input' })],
    ...(stats.errorCount > stats.errors.length ? { note: `Only the first ${stats.errors.length} of ${stats.errorCount} rejected rows are listed.` } : {}),
  };
}
