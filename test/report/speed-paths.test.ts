// Issues 20.9 / 23.4: the report's speed paths give what the plain paths give — the streaming
// TableBuilder builds prepareTransactions' table, collapsing order lines keeps every model's
// per-customer numbers, and the chart worker returns renderSvg's SVG (and its errors).
import { describe, expect, it } from 'vitest';
import { segmentSizesChart } from '../../src/charts/index.js';
import { TableBuilder } from '../../src/cli/table-builder.js';
import { btydSummary } from '../../src/clv/index.js';
import { createRandom, prepareTransactions, toDayNumber, type Transaction } from '../../src/core/index.js';
import { renderSvg, startChartWorker } from '../../src/report/index.js';
import { collapseOrders } from '../../src/report/orders.js';
import { encodeTableBaskets } from '../../src/report/sections/rules.js';
import { basketsFromTransactions, encodeBaskets } from '../../src/basket/index.js';
import { summarize } from '../../src/rfm/index.js';
import { rejection } from '../crm-error.js';

/** Line-level rows: orders of 1–6 lines, some returns and free lines, some rows without an order id. */
function lines(seed: number, orders: number): Transaction[] {
  const rng = createRandom(seed);
  const rand = (): number => rng.next();
  const out: Transaction[] = [];
  for (let o = 0; o < orders; o++) {
    const customerId = `c${Math.floor(rand() * 40)}`;
    const date = `2024-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-1${Math.floor(rand() * 10)} 1${Math.floor(rand() * 10)}:00:00`;
    const n = 1 + Math.floor(rand() * 6);
    for (let k = 0; k < n; k++) {
      const r = rand();
      const amount = r < 0.1 ? -Math.round(rand() * 500) / 100 : r < 0.15 ? 0 : Math.round(rand() * 9000) / 100 + 0.01;
      const row: Transaction = { customerId, date, amount, item: `i${Math.floor(rand() * 30)}` };
      if (rand() > 0.05) row.orderId = `o${o}`;
      out.push(row);
    }
  }
  // An order id reused by another customer on another day stays two orders.
  out.push({ customerId: 'c1', date: '2024-02-02', amount: 5, orderId: 'o0' }, { customerId: 'c2', date: '2024-03-03', amount: 7, orderId: 'o0' });
  return out;
}

describe('report speed paths', () => {
  it('TableBuilder builds exactly the table prepareTransactions builds', () => {
    const rows = lines(7, 300);
    const b = new TableBuilder();
    for (const r of rows) b.add(r.customerId as string, toDayNumber(r.date), r.amount, r.orderId as string | undefined, r.item as string | undefined);
    expect(b.finish()).toEqual(prepareTransactions(rows));
    const noOrders = rows.slice(0, 50).map(({ customerId, date, amount }) => ({ customerId, date, amount }));
    const c = new TableBuilder();
    for (const r of noOrders) c.add(r.customerId as string, toDayNumber(r.date), r.amount, undefined, undefined);
    expect(c.finish()).toEqual(prepareTransactions(noOrders));
  });

  it('collapsing order lines keeps RFM and BTYD summaries (counts exact, sums to 1e-12) and returns as returns', () => {
    const table = prepareTransactions(lines(11, 400));
    const orders = collapseOrders(table);
    expect(orders.length).toBeLessThan(0.5 * table.length);
    expect(orders.customerIds).toBe(table.customerIds);
    expect(orders.items).toBeUndefined();
    // Negative and zero lines are never merged into positive ones.
    const negatives = (t: typeof table): number => t.amount.filter((a) => a < 0).length;
    expect(negatives(orders)).toBeGreaterThan(0);
    expect(negatives(orders)).toBeLessThanOrEqual(negatives(table));
    for (const [a, b] of [
      [summarize(table, { asOf: '2024-12-31' }), summarize(orders, { asOf: '2024-12-31' })],
      [btydSummary(table, { asOf: '2024-12-31', unit: 'week' }), btydSummary(orders, { asOf: '2024-12-31', unit: 'week' })],
    ] as const) {
      expect(b).toHaveLength(a.length);
      a.forEach((x, i) => {
        const y = b[i] as unknown as Record<string, unknown>;
        for (const [k, v] of Object.entries(x)) {
          if (typeof v === 'number') expect(Math.abs((y[k] as number) - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v)));
          else expect(y[k]).toEqual(v);
        }
      });
    }
    // Nothing to merge: the same table object.
    const flat = prepareTransactions([{ customerId: 'a', date: '2024-01-01', amount: 1, orderId: 'x' }, { customerId: 'a', date: '2024-01-02', amount: 2, orderId: 'y' }]);
    expect(collapseOrders(flat)).toBe(flat);
    const noOrder = prepareTransactions([{ customerId: 'a', date: '2024-01-01', amount: 1 }]);
    expect(collapseOrders(noOrder)).toBe(noOrder);
  });

  it('baskets encoded from the table equal encodeBaskets(basketsFromTransactions(…)), trimming included', () => {
    const rows = lines(5, 300)
      .filter((r) => r.item !== undefined)
      .map((r, i) => ({ ...r, item: i % 7 === 0 ? ` ${r.item as string} ` : r.item }));
    const withOrders = prepareTransactions(rows.filter((r) => r.orderId !== undefined));
    for (const by of ['orderId', 'customerId'] as const) {
      const fast = encodeTableBaskets(withOrders, by);
      expect(fast).toEqual(encodeBaskets(basketsFromTransactions(withOrders, { by }).baskets));
    }
    // A row without an order id: the plain path (and its error) is left to the caller.
    expect(encodeTableBaskets(prepareTransactions(rows), 'orderId')).toBeUndefined();
    expect(encodeTableBaskets(prepareTransactions(rows), 'customerId')).toEqual(encodeBaskets(basketsFromTransactions(prepareTransactions(rows), { by: 'customerId' }).baskets));
  });

  it('the chart worker returns renderSvg’s SVG, and renderSvg’s error for a spec it cannot render', async () => {
    const renderer = startChartWorker();
    try {
      const spec = segmentSizesChart([
        { segment: 'Champions', customers: 3 },
        { segment: '<b>x</b>', customers: 5 },
      ]);
      const [a, b] = await Promise.all([renderer.render(spec), renderSvg(spec)]);
      expect(a).toBe(b);
      expect(a.startsWith('<svg')).toBe(true);
      const remote = { ...spec, data: { url: 'https://example.com/x.json' } };
      const [e1, e2] = await Promise.all([rejection(renderer.render(remote as never)), rejection(renderSvg(remote as never))]);
      expect(e1.code).toBe('IO_ERROR');
      expect(e1.message).toBe(e2.message);
    } finally {
      renderer.close();
    }
    // After close, rendering still works (in this thread).
    expect((await renderer.render(segmentSizesChart([{ segment: 'A', customers: 1 }]))).startsWith('<svg')).toBe(true);
  }, 60_000);
});
