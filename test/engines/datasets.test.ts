/**
 * The bundled data sets on PostgreSQL and on the two-shard ClickHouse cluster: Online Retail II
 * invoices (RFM, BTYD with calibration), CDNOW (BTYD calibration/holdout) and Groceries (basket
 * counts against R arules' published itemsets). Results must equal rfm.summarize /
 * calibrationHoldoutSplit / arules (monetary to the cent; means to 1e-12 relative).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import { loadCdnowTransactions, loadGroceries, loadOnlineRetailInvoices } from '../../src/datasets/index.js';
import { summarize } from '../../src/rfm/index.js';
import { btydSummary } from '../../src/clv/index.js';
import { parseIsoToMs } from '../../src/core/index.js';
import { basketCountsWithClickHouse, basketCountsWithPostgres, summarizeWithClickHouse, summarizeWithPostgres } from '../../src/io/index.js';
import { CH_URLS, chClient, loadClickHouse, pgPool, shardOf } from './servers.js';

let pool: pg.Pool;
let shards: [ClickHouseClient, ClickHouseClient];
const retail = loadOnlineRetailInvoices();
const cdnow = loadCdnowTransactions();
const RETAIL_COLUMNS = { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Revenue', orderId: 'Invoice' };
const CDNOW_COLUMNS = { customerId: 'customer', date: 'day', amount: 'dollars' };

async function insertPg(table: string, createSql: string, rows: unknown[][]): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS "${table}"`);
  await pool.query(createSql);
  const width = (rows[0] as unknown[]).length;
  for (let start = 0; start < rows.length; start += 2000) {
    const chunk = rows.slice(start, start + 2000);
    const values: unknown[] = [];
    const tuples = chunk.map((r, i) => {
      values.push(...r);
      return `(${r.map((_v, k) => `$${i * width + k + 1}`).join(', ')})`;
    });
    await pool.query(`INSERT INTO "${table}" VALUES ${tuples.join(', ')}`, values);
  }
}

beforeAll(async () => {
  pool = pgPool();
  const [u1, u2] = CH_URLS();
  shards = [chClient(u1), chClient(u2)];
  // Online Retail II: invoice time as a timestamp without zone (the shop's clock), revenue as NUMERIC(12,2).
  await insertPg(
    'retail',
    'CREATE TABLE retail ("CustomerID" text, "Invoice" text, "InvoiceDate" timestamp, "Revenue" numeric(12,2))',
    retail.map((r) => [r.customerId, r.orderId, r.date.replace('T', ' '), r.amount]),
  );
  await insertPg('cdnow', 'CREATE TABLE cdnow (customer integer, day date, dollars double precision)', cdnow.map((r) => [Number(r.customerId), r.date, r.amount]));
  const groceries: unknown[][] = [];
  loadGroceries().forEach((b, i) => {
    for (const item of b) groceries.push([i, item]);
  });
  await insertPg('groceries', 'CREATE TABLE groceries (basket integer, item text)', groceries);

  await loadClickHouse(
    shards,
    'retail',
    '`CustomerID` String, `Invoice` String, `InvoiceDate` DateTime, `Revenue` Float64',
    retail.map((r) => ({ CustomerID: r.customerId, Invoice: r.orderId, InvoiceDate: Math.floor((parseIsoToMs(r.date) as number) / 1000), Revenue: r.amount })),
    (r) => shardOf(r.CustomerID as string),
  );
  await loadClickHouse(
    shards,
    'cdnow',
    '`customer` UInt32, `day` Date, `dollars` Float64',
    cdnow.map((r) => ({ customer: Number(r.customerId), day: r.date, dollars: r.amount })),
    (r) => shardOf(String(r.customer)),
  );
  await loadClickHouse(
    shards,
    'groceries',
    '`basket` UInt32, `item` String',
    groceries.map(([basket, item]) => ({ basket, item })),
    (r) => shardOf(String(r.basket)),
  );
});

afterAll(async () => {
  await pool.end();
  await Promise.all(shards.map((s) => s.close()));
});

function expectRfm(actual: ReturnType<typeof summarize>, expected: ReturnType<typeof summarize>): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  actual.forEach((a, i) => {
    const e = expected[i] as (typeof expected)[number];
    expect({ ...a, monetary: 0, averageOrderValue: 0 }).toEqual({ ...e, monetary: 0, averageOrderValue: 0 });
    worst = Math.max(worst, Math.abs(a.monetary - e.monetary));
  });
  // To the cent (and in fact to the last bits of the JavaScript exact sum).
  expect(worst).toBeLessThan(1e-6);
}

function expectBtyd(actual: object[], expected: object[]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i] as Record<string, unknown>;
    for (const [k, y] of Object.entries(e)) {
      const x = (a as Record<string, unknown>)[k];
      if (typeof y === 'number') expect(Math.abs((x as number) - y), `${String(e.customerId)}.${k}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(y)));
      else expect(x).toBe(y);
    }
  });
}

type Rows = (ReturnType<typeof summarize>[number] & { frequencyHoldout: number })[];
type Summarize = (options: object) => Promise<Rows>;
type Counts = (options: object) => ReturnType<typeof basketCountsWithPostgres>;
const engines: [string, Summarize, Counts][] = [
  ['PostgreSQL', (o) => summarizeWithPostgres(pool, o as never) as Promise<unknown> as Promise<Rows>, (o) => basketCountsWithPostgres(pool, o as never)],
  ['ClickHouse (2 shards)', (o) => summarizeWithClickHouse(shards[0], o as never) as Promise<unknown> as Promise<Rows>, (o) => basketCountsWithClickHouse(shards[0], o as never)],
];

describe.each(engines)('%s', (_name, summarizeWith, basketCountsWith) => {
  it('Online Retail II: RFM (orderKey auto) equals rfm.summarize on all 4,312 customers', async () => {
    const expected = summarize(retail, { asOf: '2010-12-10' });
    const actual = await summarizeWith({ table: 'retail', columns: RETAIL_COLUMNS, asOf: '2010-12-10' });
    expect(expected.length).toBe(4_312);
    expectRfm(actual, expected);
  });

  it('Online Retail II: BTYD with calibration/holdout equals btydSummary', async () => {
    const expected = btydSummary(retail, { asOf: '2010-12-09', calibrationEnd: '2010-09-01', unit: 'week' });
    const actual = await summarizeWith({
      summary: 'btyd',
      table: 'retail',
      columns: { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Revenue' },
      asOf: '2010-12-09',
      calibrationEnd: '2010-09-01',
      unit: 'week',
      afterAsOf: 'exclude',
    });
    expect(actual.length).toBeGreaterThan(3_000);
    expectBtyd(actual, expected);
  });

  it('CDNOW: calibration to 1997-09-30, holdout to 1998-06-30 (2,357 customers, 1,882 holdout repeat days)', async () => {
    const expected = btydSummary(
      cdnow.map((r) => ({ customerId: r.customerId, date: r.date, amount: r.amount })),
      { asOf: '1998-06-30', calibrationEnd: '1997-09-30', unit: 'week' },
    );
    const actual = await summarizeWith({ summary: 'btyd', table: 'cdnow', columns: CDNOW_COLUMNS, asOf: '1998-06-30', calibrationEnd: '1997-09-30', unit: 'week' });
    expect(actual).toHaveLength(2_357);
    expect(actual.reduce((s, r) => s + r.frequencyHoldout, 0)).toBe(1_882);
    expectBtyd(actual, expected);
  });

  it("Groceries: arules' 88 frequent items and 213 pairs at support 0.01", async () => {
    const reference = readFileSync(join(__dirname, '..', 'fixtures', 'io', 'groceries_itemsets_s0.01.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const m = /^"\{(.*)\}",(\d+),(\d+),/.exec(line) as RegExpExecArray;
        return { items: (m[1] as string).split(',').sort(), size: Number(m[2]), count: Number(m[3]) };
      });
    const counts = await basketCountsWith({ table: 'groceries', columns: { basketId: 'basket', item: 'item' }, minSupport: 0.01 });
    expect(counts.baskets).toBe(9_835);
    expect(counts.minCount).toBe(99);
    const items = new Map(counts.items.map((i) => [i.item, i.count]));
    const pairs = new Map(counts.pairs.map((p) => [[...p.items].sort().join(','), p.count]));
    expect(items.size).toBe(88);
    expect(pairs.size).toBe(213);
    for (const r of reference) {
      if (r.size === 1) expect(items.get(r.items[0] as string), r.items[0]).toBe(r.count);
      if (r.size === 2) expect(pairs.get(r.items.join(',')), r.items.join(',')).toBe(r.count);
    }
  });
});
