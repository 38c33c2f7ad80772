/**
 * One list of cases for every engine (in memory, DuckDB, PostgreSQL, the two-shard ClickHouse
 * cluster). A new engine is one adapter in conformance.test.ts plus this list. Each case has raw
 * rows as a warehouse would hold them (padded ids, blank order ids, zoned timestamps) and a few
 * hand-derived facts, so a case cannot pass by every engine being wrong the same way.
 */
import { expect } from 'vitest';
import type { RfmSummary } from '../../src/rfm/index.js';
import type { BtydSummaryRow, CalibrationHoldoutRow } from '../../src/clv/index.js';

/** One source row; `null` is SQL NULL, '' and '  ' are blank. */
export interface CaseRow {
  customerId: string | null;
  date: string;
  amount: number | null;
  orderId?: string | null;
}

/** How the date column is stored in the engines: ISO text (with zones) or a zoned timestamp type. */
export type DateStorage = 'text' | 'timestamptz' | 'date';

/** Column names in the source table (hostile ones included). */
export interface CaseColumns {
  customerId: string;
  date: string;
  amount: string;
  orderId: string;
}

export const PLAIN_COLUMNS: CaseColumns = { customerId: 'customer', date: 'ordered_at', amount: 'total', orderId: 'order_no' };

interface CaseBase {
  name: string;
  /** Table name in the engines (checked identifier; blanks and punctuation allowed). */
  table?: string;
  columns?: CaseColumns;
  rows: CaseRow[];
  dates?: DateStorage;
  /** PostgreSQL amount column type (default double precision). */
  pgAmount?: 'double precision' | 'numeric(14,2)';
}

export interface RfmCase extends CaseBase {
  kind: 'rfm';
  options: { asOf: string; orderKey?: 'auto' | 'orderId' | 'day' | 'row'; afterAsOf?: 'error' | 'exclude' };
  check(result: RfmSummary[]): void;
}

export interface BtydCase extends CaseBase {
  kind: 'btyd';
  options: { asOf: string; unit: 'day' | 'week'; calibrationEnd?: string; includeFirstPurchase?: boolean; afterAsOf?: 'error' | 'exclude' };
  check(result: (BtydSummaryRow | CalibrationHoldoutRow)[]): void;
}

export interface BasketCase {
  kind: 'basket';
  name: string;
  table?: string;
  rows: { basket: string | null; item: string | null }[];
  minCount: number;
  check(result: { baskets: number; items: { item: string; count: number }[]; pairs: { items: [string, string]; count: number }[] }): void;
}

/** A case every engine must reject with the same code at the same path. */
export interface ErrorCase extends CaseBase {
  kind: 'error';
  summary: 'rfm' | 'btyd';
  options: { asOf: string; orderKey?: 'auto' | 'orderId' | 'day' | 'row'; unit?: 'day' | 'week'; afterAsOf?: 'error' | 'exclude' };
  expected: { code: string; path: (string | number)[] };
}

export type EngineCase = RfmCase | BtydCase | BasketCase | ErrorCase;

const byId = <T extends { customerId: string }>(rows: T[], id: string): T => {
  const row = rows.find((r) => r.customerId === id);
  expect(row, `customer ${id}`).toBeDefined();
  return row as T;
};

// Generated rows with a seed (mulberry32), for the calibration split and minCount cases.
function generated(seed: number, customers: number): CaseRow[] {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rows: CaseRow[] = [];
  for (let c = 0; c < customers; c++) {
    const n = 1 + Math.floor(rand() * 6);
    let day = Math.floor(rand() * 200);
    for (let k = 0; k < n; k++) {
      day += Math.floor(rand() * 40);
      const date = new Date(Date.UTC(2023, 0, 1) + day * 86_400_000 + Math.floor(rand() * 86_400_000)).toISOString();
      rows.push({ customerId: `g${c}`, date, amount: Math.round(rand() * 20_000) / 100, orderId: rand() < 0.2 ? '' : `o${c}-${k}` });
    }
  }
  return rows;
}

const GENERATED = generated(20261207, 300);

export const CASES: EngineCase[] = [
  {
    kind: 'rfm',
    name: 'mixed and blank order ids, padded customer ids',
    rows: [
      { customerId: ' c1', date: '2024-01-05', amount: 10, orderId: 'A1' },
      { customerId: 'c1', date: '2024-01-05', amount: 5, orderId: 'A1' }, // same order, second line
      { customerId: 'c1 ', date: '2024-01-07', amount: 2.5, orderId: '' }, // blank order: counted by day
      { customerId: 'c1', date: '2024-01-07', amount: 1, orderId: '   ' }, // same blank day
      { customerId: 'c1', date: '2024-01-09', amount: 4, orderId: ' A2 ' },
      { customerId: 'c2', date: '2024-01-02', amount: 7, orderId: null },
      { customerId: 'c2', date: '2024-01-03', amount: 8, orderId: 'B1' },
    ],
    options: { asOf: '2024-01-10' },
    check(result) {
      expect(result.map((r) => r.customerId)).toEqual(['c1', 'c2']);
      expect(byId(result, 'c1').frequency).toBe(3); // A1, A2 and the blank day
      expect(byId(result, 'c1').monetary).toBe(22.5);
      expect(byId(result, 'c2').frequency).toBe(2);
      expect(byId(result, 'c1').recency).toBe(1);
    },
  },
  {
    kind: 'rfm',
    name: 'same-day purchases counted by day',
    rows: [
      { customerId: 'a', date: '2024-02-01T08:00:00Z', amount: 1, orderId: 'x1' },
      { customerId: 'a', date: '2024-02-01T09:00:00Z', amount: 2, orderId: 'x2' },
      { customerId: 'a', date: '2024-02-01T23:59:59Z', amount: 3, orderId: 'x3' },
      { customerId: 'a', date: '2024-02-03T00:00:00Z', amount: 4, orderId: 'x4' },
      { customerId: 'b', date: '2024-02-02T12:00:00Z', amount: 5, orderId: 'y1' },
    ],
    options: { asOf: '2024-02-03', orderKey: 'day' },
    check(result) {
      expect(byId(result, 'a').frequency).toBe(2);
      expect(byId(result, 'a').recency).toBe(0); // asOf inclusive
      expect(byId(result, 'a').monetary).toBe(10);
    },
  },
  {
    kind: 'rfm',
    name: 'same-day purchases counted by row',
    rows: [
      { customerId: 'a', date: '2024-02-01', amount: 1, orderId: 'x1' },
      { customerId: 'a', date: '2024-02-01', amount: 2, orderId: 'x1' },
      { customerId: 'b', date: '2024-02-02', amount: 5, orderId: 'y1' },
    ],
    options: { asOf: '2024-02-03', orderKey: 'row' },
    check(result) {
      expect(byId(result, 'a').frequency).toBe(2);
    },
  },
  {
    kind: 'rfm',
    name: 'returns and cents: monetary to the cent',
    pgAmount: 'numeric(14,2)',
    rows: [
      { customerId: 'r1', date: '2024-03-01', amount: 0.1, orderId: 'o1' },
      { customerId: 'r1', date: '2024-03-02', amount: 0.2, orderId: 'o2' },
      { customerId: 'r1', date: '2024-03-03', amount: -0.3, orderId: 'o3' }, // a return
      { customerId: 'r2', date: '2024-03-01', amount: 1234567.89, orderId: 'o4' },
      { customerId: 'r2', date: '2024-03-05', amount: -1234567.88, orderId: 'o5' },
      { customerId: 'r3', date: '2024-03-04', amount: 19.99, orderId: 'o6' },
      { customerId: 'r3', date: '2024-03-04', amount: 0.01, orderId: 'o6' },
    ],
    options: { asOf: '2024-03-31', orderKey: 'orderId' },
    check(result) {
      expect(Math.abs(byId(result, 'r1').monetary)).toBeLessThan(1e-9);
      expect(Math.round(byId(result, 'r2').monetary * 100)).toBe(1);
      expect(byId(result, 'r3').monetary).toBe(20);
      expect(byId(result, 'r3').frequency).toBe(1);
    },
  },
  {
    kind: 'rfm',
    name: 'timestamps with zones are UTC days',
    rows: [
      { customerId: 'z', date: '2024-03-01T23:30:00-05:00', amount: 1, orderId: '' }, // 2024-03-02 UTC
      { customerId: 'z', date: '2024-03-02T00:30:00+02:00', amount: 1, orderId: '' }, // 2024-03-01 UTC
      { customerId: 'z', date: '2024-03-02T12:00:00Z', amount: 1, orderId: '' }, // 2024-03-02
      { customerId: 'y', date: '2024-03-10T01:00:00+03:00', amount: 3, orderId: '' }, // 2024-03-09
    ],
    options: { asOf: '2024-03-10' },
    check(result) {
      expect(byId(result, 'z').firstPurchase).toBe('2024-03-01');
      expect(byId(result, 'z').lastPurchase).toBe('2024-03-02');
      expect(byId(result, 'z').frequency).toBe(2);
      expect(byId(result, 'y').recency).toBe(1);
    },
  },
  {
    kind: 'rfm',
    name: 'zoned timestamp columns (timestamptz / DateTime)',
    dates: 'timestamptz',
    rows: [
      { customerId: 'z', date: '2024-03-01T23:30:00-05:00', amount: 1, orderId: 'a' },
      { customerId: 'z', date: '2024-03-02T00:30:00+02:00', amount: 2, orderId: 'b' },
      { customerId: 'w', date: '2024-03-09T23:59:59Z', amount: 3, orderId: 'c' },
    ],
    options: { asOf: '2024-03-10' },
    check(result) {
      expect(byId(result, 'z').firstPurchase).toBe('2024-03-01');
      expect(byId(result, 'z').lastPurchase).toBe('2024-03-02');
    },
  },
  {
    kind: 'rfm',
    name: "rows after asOf with afterAsOf: 'exclude'",
    rows: [
      { customerId: 'p', date: '2024-04-01', amount: 1, orderId: 'p1' },
      { customerId: 'p', date: '2024-04-30T23:00:00Z', amount: 2, orderId: 'p2' }, // on asOf: kept
      { customerId: 'p', date: '2024-05-01T00:00:00Z', amount: 4, orderId: 'p3' }, // after: dropped
      { customerId: 'q', date: '2024-05-02', amount: 8, orderId: 'q1' }, // only after: no row
    ],
    options: { asOf: '2024-04-30', afterAsOf: 'exclude' },
    check(result) {
      expect(result.map((r) => r.customerId)).toEqual(['p']);
      expect(byId(result, 'p').monetary).toBe(3);
      expect(byId(result, 'p').recency).toBe(0);
    },
  },
  {
    kind: 'rfm',
    name: 'hostile identifiers and id values',
    table: 'Sales Table #1 (2024)',
    columns: { customerId: 'customer id', date: 'Date/Time (UTC)', amount: '% amount', orderId: 'select' },
    rows: [
      { customerId: "'; DROP TABLE x; --", date: '2024-05-01', amount: 1, orderId: 'o"1' },
      { customerId: '__proto__', date: '2024-05-02', amount: 2, orderId: "o'2" },
      { customerId: 'constructor', date: '2024-05-03', amount: 3, orderId: 'o\\3' },
      { customerId: 'Ünïcødé 顧客', date: '2024-05-04', amount: 4, orderId: 'o4' },
      { customerId: 'a\\b', date: '2024-05-04', amount: 5, orderId: '$1' },
    ],
    options: { asOf: '2024-05-10' },
    check(result) {
      expect(result).toHaveLength(5);
      expect(byId(result, '__proto__').monetary).toBe(2);
      expect(byId(result, "'; DROP TABLE x; --").frequency).toBe(1);
    },
  },
  {
    kind: 'rfm',
    name: 'columns named like the query aliases',
    columns: { customerId: 'customer_id', date: 'day', amount: 'amount', orderId: 'order_id' },
    rows: [
      { customerId: 'k', date: '2024-06-01', amount: 1, orderId: 'k1' },
      { customerId: 'k', date: '2024-06-03', amount: 2, orderId: 'k2' },
    ],
    options: { asOf: '2024-06-05' },
    check(result) {
      expect(byId(result, 'k').frequency).toBe(2);
    },
  },
  {
    kind: 'rfm',
    name: 'generated customers (orderKey auto)',
    rows: GENERATED,
    options: { asOf: '2024-06-30' },
    check(result) {
      expect(result).toHaveLength(300);
    },
  },
  {
    kind: 'btyd',
    name: 'BTYD: same-day purchases merge, repeat spend',
    rows: [
      { customerId: 'a', date: '2024-01-01', amount: 10 },
      { customerId: 'a', date: '2024-01-01T18:00:00Z', amount: 5 },
      { customerId: 'a', date: '2024-01-15', amount: 20 },
      { customerId: 'a', date: '2024-01-22', amount: 40 },
      { customerId: ' b', date: '2024-01-08', amount: 3 },
    ],
    options: { asOf: '2024-01-29', unit: 'week' },
    check(result) {
      const a = byId(result, 'a');
      expect(a.frequency).toBe(2);
      expect(a.recency).toBe(3);
      expect(a.T).toBe(4);
      expect(a.monetaryValue).toBe(30);
      expect(byId(result, 'b').frequency).toBe(0);
    },
  },
  {
    kind: 'btyd',
    name: 'BTYD calibration split (generated)',
    rows: GENERATED,
    options: { asOf: '2024-06-30', calibrationEnd: '2023-09-30', unit: 'week' },
    check(result) {
      expect(result.length).toBeGreaterThan(100);
      const holdout = result as CalibrationHoldoutRow[];
      expect(holdout.every((r) => r.durationHoldout === (Date.UTC(2024, 5, 30) - Date.UTC(2023, 8, 30)) / 86_400_000 / 7)).toBe(true);
      expect(holdout.some((r) => r.frequencyHoldout > 0)).toBe(true);
    },
  },
  {
    kind: 'btyd',
    name: 'BTYD includeFirstPurchase, returns, zones',
    rows: [
      { customerId: 'm', date: '2024-02-01T23:30:00-05:00', amount: 10 }, // 2024-02-02
      { customerId: 'm', date: '2024-02-02T10:00:00Z', amount: -4 },
      { customerId: 'm', date: '2024-02-09', amount: 8 },
    ],
    options: { asOf: '2024-02-10', unit: 'day', includeFirstPurchase: true },
    check(result) {
      const m = byId(result, 'm');
      expect(m.frequency).toBe(2);
      expect(m.recency).toBe(7);
      expect(m.monetaryValue).toBe(7);
    },
  },
  {
    kind: 'basket',
    name: 'basket counts with minCount, duplicates and padded items',
    rows: [
      { basket: 'b1', item: 'milk' },
      { basket: 'b1', item: ' bread' },
      { basket: 'b1', item: 'milk' }, // duplicate line
      { basket: 'b2', item: 'milk' },
      { basket: 'b2', item: 'bread ' },
      { basket: 'b2', item: 'eggs' },
      { basket: 'b3', item: 'eggs' },
      { basket: 'b3', item: 'milk' },
      { basket: 'b4', item: '__proto__' },
      { basket: 'b4', item: null },
      { basket: 'b5', item: '' },
    ],
    minCount: 2,
    check(result) {
      expect(result.baskets).toBe(4);
      expect(result.items.map((i) => [i.item, i.count])).toEqual([
        ['milk', 3],
        ['bread', 2],
        ['eggs', 2],
      ]);
      expect(result.pairs.map((p) => [...p.items, p.count])).toEqual([
        ['bread', 'milk', 2],
        ['eggs', 'milk', 2],
      ]);
    },
  },
  {
    kind: 'basket',
    name: 'basket counts, minCount above every pair',
    rows: GENERATED.map((r) => ({ basket: r.customerId, item: String(Math.round((r.amount ?? 0) / 40)) })),
    minCount: 40,
    check(result) {
      expect(result.baskets).toBe(300);
      expect(result.items.every((i) => i.count >= 40)).toBe(true);
      expect(result.pairs.every((p) => p.count >= 40)).toBe(true);
    },
  },
  {
    kind: 'error',
    name: 'rows after asOf are an error by default',
    summary: 'rfm',
    rows: [
      { customerId: 'e', date: '2024-01-01', amount: 1, orderId: 'e1' },
      { customerId: 'e', date: '2024-01-11T00:00:00Z', amount: 1, orderId: 'e2' },
    ],
    options: { asOf: '2024-01-10' },
    expected: { code: 'INVALID_INPUT', path: ['date'] },
  },
  {
    kind: 'error',
    name: 'a blank customer id is missing',
    summary: 'rfm',
    rows: [
      { customerId: '   ', date: '2024-01-01', amount: 1, orderId: 'e1' },
      { customerId: 'f', date: '2024-01-02', amount: 1, orderId: 'e2' },
    ],
    options: { asOf: '2024-01-10' },
    expected: { code: 'INVALID_INPUT', path: ['customerId'] },
  },
  {
    kind: 'error',
    name: 'a missing amount',
    summary: 'btyd',
    rows: [
      { customerId: 'g', date: '2024-01-01', amount: null, orderId: 'e1' },
      { customerId: 'g', date: '2024-01-02', amount: 1, orderId: 'e2' },
    ],
    options: { asOf: '2024-01-10', unit: 'day' },
    expected: { code: 'INVALID_INPUT', path: ['amount'] },
  },
];
