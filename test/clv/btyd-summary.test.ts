import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bgNbd, btydSummary, calibrationHoldoutSplit, cumulativeTracking } from '../../src/clv/index.js';
import { thrown } from '../crm-error.js';
import { CrmError, prepareTransactions } from '../../src/core/index.js';
import { cdnowSummary, cdnowTransactions } from './cdnow.js';

// CDNOW_sample.txt: master_id sample_id date(YYYYMMDD) number_of_cds dollar_value
const transactions = cdnowTransactions();

const withZbar = new Map(
  readFileSync(fileURLToPath(new URL('../fixtures/clv/cdnow_customers_summary_with_transactions.csv', import.meta.url)), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => {
      const [id, , , , z] = l.split(',');
      return [id as string, Number(z)] as const;
    }),
);

describe('btydSummary on CDNOW_sample reproduces the published summary', () => {
  const rows = btydSummary(transactions, { asOf: '1997-09-30', unit: 'week', monetary: 'repeat-mean', afterAsOf: 'exclude' });
  const expected = new Map(cdnowSummary().map((r) => [r.id, r]));
  it('frequency exact; recency and T within 0.005 weeks; monetaryValue = zbar', () => {
    expect(rows.length).toBe(2357);
    for (const r of rows) {
      const e = expected.get(r.customerId);
      expect(e).toBeDefined();
      expect(r.frequency).toBe(e!.frequency);
      expect(Math.abs(r.recency - e!.recency)).toBeLessThanOrEqual(0.005 + 1e-12);
      expect(Math.abs(r.T - e!.T)).toBeLessThanOrEqual(0.005 + 1e-12);
      expect(Math.abs(r.monetaryValue - (withZbar.get(r.customerId) as number))).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    expect(rows.reduce((s, r) => s + r.frequency, 0)).toBe(2457);
    // sorted by customer id (string order), and a prepared table gives the same
    const ids = rows.map((r) => r.customerId);
    expect([...ids].sort()).toEqual(ids);
    expect(btydSummary(prepareTransactions(transactions), { asOf: '1997-09-30', unit: 'week', afterAsOf: 'exclude' })).toEqual(rows);
  });
  it('calibration/holdout split: 1,882 holdout purchase days in weeks 40–78', () => {
    const split = calibrationHoldoutSplit(transactions, { calibrationEnd: '1997-09-30', asOf: '1998-06-30', unit: 'week' });
    expect(split.length).toBe(2357);
    expect(split.reduce((s, r) => s + r.frequencyHoldout, 0)).toBe(1882);
    expect(split[0]!.durationHoldout).toBeCloseTo(273 / 7, 12);
    // the calibration part equals the plain summary
    const plain = btydSummary(transactions, { asOf: '1997-09-30', unit: 'week', afterAsOf: 'exclude' });
    expect(split.map(({ customerId, frequency, recency, T, monetaryValue }) => ({ customerId, frequency, recency, T, monetaryValue }))).toEqual(plain);
    expect(btydSummary(transactions, { asOf: '1998-06-30', calibrationEnd: '1997-09-30', unit: 'week' })).toEqual(split);
  });
});

describe('btydSummary semantics and units', () => {
  const tx = [
    { customerId: '__proto__', date: '2024-01-01T09:00:00Z', amount: 10 },
    { customerId: '__proto__', date: '2024-01-01T18:00:00Z', amount: 5 },
    { customerId: '__proto__', date: '2024-01-31', amount: 20 },
    { customerId: '__proto__', date: '2024-03-01', amount: 40 },
    { customerId: 'late', date: '2024-05-01', amount: 1 },
  ];
  it('merges same-day purchases, excludes the first day from monetaryValue, drops later customers', () => {
    const [r, ...rest] = btydSummary(tx, { asOf: '2024-03-31', unit: 'day', afterAsOf: 'exclude' });
    expect(rest).toEqual([]);
    expect(r).toEqual({ customerId: '__proto__', frequency: 2, recency: 60, T: 90, monetaryValue: 30 });
    const inc = btydSummary(tx, { asOf: '2024-03-31', unit: 'day', includeFirstPurchase: true, afterAsOf: 'exclude' });
    expect(inc[0]!.frequency).toBe(3);
    expect(inc[0]!.monetaryValue).toBeCloseTo(75 / 3, 12);
  });
  it('a month is 365.25/12 days (not 30)', () => {
    const [r] = btydSummary(tx, { asOf: '2024-03-31', unit: 'month', afterAsOf: 'exclude' });
    expect(r!.T).toBeCloseTo(90 / (365.25 / 12), 12);
    const [y] = btydSummary(tx, { asOf: '2024-03-31', unit: 'year', afterAsOf: 'exclude' });
    expect(y!.recency).toBeCloseTo(60 / 365.25, 12);
  });
  it('bad options and rows throw CrmError with the path', () => {
    const code = (fn: () => unknown): unknown => {
      try {
        fn();
      } catch (e) {
        return e instanceof CrmError ? [e.code, e.path] : e;
      }
      return undefined;
    };
    expect(code(() => btydSummary(tx, { asOf: 'nope', unit: 'day' }))).toEqual(['INVALID_OPTION', ['options', 'asOf']]);
    expect(code(() => btydSummary(tx, { asOf: '2024-03-31', unit: 'fortnight' as never }))).toEqual(['INVALID_OPTION', ['options', 'unit']]);
    expect(code(() => btydSummary(tx, { asOf: '2024-03-31', unit: 'day', calibrationEnd: '2024-04-30' }))).toEqual(['INVALID_OPTION', ['options', 'calibrationEnd']]);
    expect(code(() => btydSummary([...tx, { customerId: 'x', date: 'bad', amount: 1 }], { asOf: '2024-03-31', unit: 'day' }))).toEqual(['INVALID_INPUT', [5, 'date']]);
  });
});

describe('rows after asOf (issue 16.2: one policy everywhere)', () => {
  const rows = [
    { customerId: 'a', date: '2024-01-01', amount: 10 },
    { customerId: 'a', date: '2024-03-01', amount: 20 },
  ];
  it('are an error naming the row by default, and left out with afterAsOf: exclude', () => {
    for (const call of [
      () => btydSummary(rows, { asOf: '2024-02-01', unit: 'day' }),
      () => calibrationHoldoutSplit(rows, { calibrationEnd: '2024-01-15', asOf: '2024-02-01', unit: 'day' }),
      () => cumulativeTracking(bgNbd, { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 }, rows, { asOf: '2024-02-01', unit: 'day' }),
    ]) {
      const e = thrown(call);
      expect(e.path).toEqual([1, 'date']);
      expect(e.message).toContain("afterAsOf: 'exclude'");
    }
    expect(btydSummary(rows, { asOf: '2024-02-01', unit: 'day', afterAsOf: 'exclude' })).toEqual([
      { customerId: 'a', frequency: 0, recency: 0, T: 31, monetaryValue: 0 },
    ]);
    expect(thrown(() => btydSummary(rows, { asOf: '2024-03-01', unit: 'day', unti: 'week' } as never)).message).toContain('did you mean');
  });
});
