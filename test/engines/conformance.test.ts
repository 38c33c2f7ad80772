/**
 * The conformance suite: every case of cases.ts on four paths — in memory (the CSV reader +
 * rfm.summarize / clv.btydSummary / basket.frequentItemsets, the reference), DuckDB, PostgreSQL and
 * a two-shard ClickHouse cluster (a Distributed table over MergeTree tables, customers split by a
 * hash of their trimmed id). Engines must give the reference's records (monetary to the cent,
 * BTYD means to 1e-12 relative) and pass each case's hand-derived facts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import type pg from 'pg';
import { readTransactionsCsv, summarizeWithDuckDB, basketCountsWithDuckDB } from '../../src/io/index.js';
import { summarizeWithPostgres, basketCountsWithPostgres, summarizeWithClickHouse, basketCountsWithClickHouse } from '../../src/io/index.js';
import { summarize, type RfmSummary } from '../../src/rfm/index.js';
import { btydSummary, type BtydSummaryRow } from '../../src/clv/index.js';
import { frequentItemsets } from '../../src/basket/index.js';
import { CrmError, tryDayNumber } from '../../src/core/index.js';
import { CASES, PLAIN_COLUMNS, type BasketCase, type CaseColumns, type CaseRow, type EngineCase } from './cases.js';
import { CH_URLS, chClient, chTransactionColumns, chTransactionRows, loadClickHouse, loadPostgres, loadPostgresBaskets, pgPool, shardOf, writeCsv } from './servers.js';

type Counts = { baskets: number; items: { item: string; count: number }[]; pairs: { items: [string, string]; count: number }[] };
type Result = RfmSummary[] | BtydSummaryRow[] | Counts;

interface Engine {
  name: string;
  run(c: EngineCase, index: number): Promise<Result>;
}

let dir: string;
let pool: pg.Pool;
let shards: [ClickHouseClient, ClickHouseClient];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crm-conformance-'));
  pool = pgPool();
  const [u1, u2] = CH_URLS();
  shards = [chClient(u1), chClient(u2)];
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pool.end();
  await Promise.all(shards.map((s) => s.close()));
});

const columnsOf = (c: EngineCase): CaseColumns => ('columns' in c && c.columns !== undefined ? c.columns : PLAIN_COLUMNS);
const tableOf = (c: EngineCase, i: number): string => `${c.table ?? 'conf'} ${i}`;

function transactionsCsv(c: Exclude<EngineCase, BasketCase>, i: number): string {
  const cols = columnsOf(c);
  return writeCsv(dir, `case-${i}.csv`, [cols.customerId, cols.date, cols.amount, cols.orderId], c.rows.map((r: CaseRow) => [r.customerId, r.date, r.amount, r.orderId]));
}

function basketCsv(c: BasketCase, i: number): string {
  return writeCsv(dir, `basket-${i}.csv`, ['basket', 'item'], c.rows.map((r) => [r.basket, r.item]));
}

function summaryOptions(c: Exclude<EngineCase, BasketCase>) {
  const cols = columnsOf(c);
  const columns = { customerId: cols.customerId, date: cols.date, amount: cols.amount, orderId: cols.orderId };
  if (c.kind === 'rfm') return { summary: 'rfm' as const, columns, ...c.options };
  if (c.kind === 'btyd') return { summary: 'btyd' as const, columns: { customerId: cols.customerId, date: cols.date, amount: cols.amount }, ...c.options };
  if (c.summary === 'rfm') return { summary: 'rfm' as const, columns, asOf: c.options.asOf, ...(c.options.orderKey ? { orderKey: c.options.orderKey } : {}) };
  return { summary: 'btyd' as const, columns: { customerId: cols.customerId, date: cols.date, amount: cols.amount }, asOf: c.options.asOf, unit: c.options.unit ?? 'day' };
}

const memory: Engine = {
  name: 'in memory',
  async run(c, i) {
    if (c.kind === 'basket') {
      const baskets = new Map<string, Set<string>>();
      // The basket file reader's rule (trim; blank basket or item is missing), then frequentItemsets.
      for (const r of c.rows) {
        const b = r.basket?.trim();
        const item = r.item?.trim();
        if (!b || !item) continue;
        let set = baskets.get(b);
        if (set === undefined) baskets.set(b, (set = new Set()));
        set.add(item);
      }
      const list = [...baskets.values()].map((s) => [...s]);
      const sets = frequentItemsets(list, { minCount: c.minCount, maxLength: 2 });
      return {
        baskets: list.length,
        items: sets.filter((s) => s.items.length === 1).map((s) => ({ item: s.items[0] as string, count: s.count })),
        pairs: sets.filter((s) => s.items.length === 2).map((s) => ({ items: [...s.items].sort() as [string, string], count: s.count })),
      };
    }
    const cols = columnsOf(c);
    const o = summaryOptions(c);
    const { rows } = await readTransactionsCsv(transactionsCsv(c, i), { columns: { customerId: cols.customerId, date: cols.date, amount: cols.amount, orderId: cols.orderId } });
    const asOfDay = Math.floor(tryDayNumber(o.asOf) as number);
    // afterAsOf: 'exclude' leaves later rows out (the glossary's rule).
    const kept = 'afterAsOf' in o && o.afterAsOf === 'exclude' ? rows.filter((r) => Math.floor(tryDayNumber(r.date) as number) <= asOfDay) : rows;
    if (o.summary === 'rfm') return summarize(kept, { asOf: o.asOf, ...('orderKey' in o && o.orderKey ? { orderKey: o.orderKey } : {}) });
    const b = o as { asOf: string; unit: 'day' | 'week'; calibrationEnd?: string; includeFirstPurchase?: boolean };
    return btydSummary(kept, { asOf: b.asOf, unit: b.unit, ...(b.calibrationEnd ? { calibrationEnd: b.calibrationEnd } : {}), ...(b.includeFirstPurchase ? { includeFirstPurchase: true } : {}) });
  },
};

const duckdb: Engine = {
  name: 'DuckDB',
  async run(c, i) {
    if (c.kind === 'basket') return basketCountsWithDuckDB(basketCsv(c, i), { columns: { basketId: 'basket', item: 'item' }, minCount: c.minCount });
    return summarizeWithDuckDB(transactionsCsv(c, i), summaryOptions(c) as never);
  },
};

const postgres: Engine = {
  name: 'PostgreSQL',
  async run(c, i) {
    const table = tableOf(c, i);
    if (c.kind === 'basket') {
      await loadPostgresBaskets(pool, table, c.rows);
      return basketCountsWithPostgres(pool, { table, columns: { basketId: 'basket', item: 'item' }, minCount: c.minCount });
    }
    await loadPostgres(pool, table, columnsOf(c), c.rows, c.dates ?? 'text', c.pgAmount ?? 'double precision');
    return summarizeWithPostgres(pool, { table, ...summaryOptions(c) } as never);
  },
};

const clickhouse: Engine = {
  name: 'ClickHouse (2 shards)',
  async run(c, i) {
    const table = tableOf(c, i);
    if (c.kind === 'basket') {
      const rows = c.rows.map((r) => ({ basket: r.basket, item: r.item }));
      await loadClickHouse(shards, table, '`basket` Nullable(String), `item` Nullable(String)', rows, (r) => shardOf(r.basket as string | null));
      return basketCountsWithClickHouse(shards[0], { table, columns: { basketId: 'basket', item: 'item' }, minCount: c.minCount });
    }
    const cols = columnsOf(c);
    const dates = c.dates ?? 'text';
    await loadClickHouse(shards, table, chTransactionColumns(cols, dates), chTransactionRows(cols, c.rows, dates), (r) => shardOf(r[cols.customerId] as string | null));
    return summarizeWithClickHouse(shards[0], { table, ...summaryOptions(c) } as never);
  },
};

const ENGINES = [duckdb, postgres, clickhouse];

function expectSameRfm(actual: RfmSummary[], expected: RfmSummary[]): void {
  expect(actual.map((r) => r.customerId)).toEqual(expected.map((r) => r.customerId));
  actual.forEach((a, k) => {
    const e = expected[k] as RfmSummary;
    const { monetary: am, averageOrderValue: aa, ...ar } = a;
    const { monetary: em, averageOrderValue: ea, ...er } = e;
    expect(ar).toEqual(er);
    // To the cent, and far tighter: the engines sum decimals exactly, JavaScript the doubles exactly.
    expect(Math.abs(am - em)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(em)));
    expect(Math.abs(aa - ea)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ea)));
  });
}

function expectSameBtyd(actual: Record<string, unknown>[], expected: Record<string, unknown>[]): void {
  expect(actual.map((r) => r.customerId)).toEqual(expected.map((r) => r.customerId));
  actual.forEach((a, k) => {
    const e = expected[k] as Record<string, unknown>;
    expect(Object.keys(a).sort()).toEqual(Object.keys(e).sort());
    for (const key of Object.keys(e)) {
      const x = a[key];
      const y = e[key];
      if (typeof y === 'number') expect(Math.abs((x as number) - y), `${String(e.customerId)}.${key}`).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(y)));
      else expect(x).toEqual(y);
    }
  });
}

async function failure(p: Promise<unknown>): Promise<CrmError> {
  try {
    await p;
  } catch (error) {
    return error as CrmError;
  }
  throw new Error('expected a failure');
}

describe('one query, many engines: the conformance cases', () => {
  CASES.forEach((c, i) => {
    if (c.kind === 'error') {
      it(`${c.name}: every path rejects it the same way`, async () => {
        const errors = [await failure(memory.run(c, i)), ...(await Promise.all(ENGINES.map((e) => failure(e.run(c, i)))))];
        errors.forEach((error, k) => {
          const who = ['in memory', ...ENGINES.map((e) => e.name)][k];
          expect(error, who).toBeInstanceOf(CrmError);
          expect(error.code, `${who}: ${error.message}`).toBe(c.expected.code);
          expect(error.path?.at(-1), `${who}: ${error.message}`).toBe(c.expected.path.at(-1));
        });
      });
      return;
    }
    it(c.name, async () => {
      const reference = await memory.run(c, i);
      (c.check as (r: Result) => void)(reference);
      for (const engine of ENGINES) {
        const actual = await engine.run(c, i);
        if (c.kind === 'rfm') expectSameRfm(actual as RfmSummary[], reference as RfmSummary[]);
        else if (c.kind === 'btyd') expectSameBtyd(actual as unknown as Record<string, unknown>[], reference as unknown as Record<string, unknown>[]);
        else {
          const a = actual as Counts;
          const r = reference as Counts;
          expect(a.baskets, engine.name).toBe(r.baskets);
          expect(new Map(a.items.map((x) => [x.item, x.count])), engine.name).toEqual(new Map(r.items.map((x) => [x.item, x.count])));
          expect(new Map(a.pairs.map((x) => [x.items.join('\u0000'), x.count])), engine.name).toEqual(new Map(r.pairs.map((x) => [x.items.join('\u0000'), x.count])));
        }
        (c.check as (r: Result) => void)(actual);
      }
    });
  });
});
