// Issue 16 item 3 (one options reader: typos are errors with a "did you mean") and issue 22
// (memory by distinct days, validated snapshots, no Infinity from overflowing sums) for rfm.
import { describe, expect, it } from 'vitest';
import {
  abcTiers,
  createRfmAccumulator,
  gini,
  kmeansSegments,
  lorenzCurve,
  restoreRfmAccumulator,
  score,
  scoreThresholds,
  segment,
  summarize,
  summarizeStream,
  topShare,
  valueMatrix,
  type RfmAccumulatorState,
} from '../../src/rfm/index.js';
import { thrown } from '../crm-error.js';

const rows = [
  { customerId: 'a', date: '2024-01-01', amount: 10, orderId: 'o1' },
  { customerId: 'a', date: '2024-01-05', amount: 5, orderId: 'o2' },
  { customerId: 'b', date: '2024-01-03', amount: 7 },
];
const summaries = summarize(rows, { asOf: '2024-01-10' });

describe('unknown option keys are errors with a "did you mean" (issue 16)', () => {
  it.each([
    ['score', () => score(summaries, { bin: 3 } as never), 'options.bin', 'bins'],
    ['scoreThresholds', () => scoreThresholds(summaries, { convension: 'pandas' } as never), 'options.convension', 'convention'],
    ['score custom breaks', () => score(summaries, { convention: { breaks: { recency: [1], frequency: [1], monetary: [1] }, close: 'right' } } as never), 'options.convention.close', 'closed'],
    ['summarize', () => summarize(rows, { asOf: '2024-01-10', orderkey: 'day' } as never), 'options.orderkey', 'orderKey'],
    ['createRfmAccumulator', () => createRfmAccumulator({ asOf: '2024-01-10', afterAsof: 'exclude' } as never), 'options.afterAsof', 'afterAsOf'],
    ['segment', () => segment(score(summaries, { convention: 'rfm-package' }), { tabel: 'rfm-package' } as never), 'options.tabel', 'table'],
    ['valueMatrix', () => valueMatrix(summaries, { splits: 'median' } as never), 'options.splits', 'split'],
    ['abcTiers', () => abcTiers(summaries, { cut: [0.5, 0.9] } as never), 'options.cut', 'cuts'],
    ['kmeansSegments', () => kmeansSegments(summaries, { seeed: 3 } as never), 'options.seeed', 'seed'],
  ])('%s', (_name, fn, path, near) => {
    const e = thrown(fn);
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.path.join('.')).toBe(path);
    expect(e.message).toContain(`did you mean "${near}"?`);
  });

  it('summarizeStream rejects a typo before reading the stream', async () => {
    await expect(summarizeStream([rows], { asOf: '2024-01-10', orderKy: 'row' } as never)).rejects.toThrow(/did you mean "orderKey"/);
  });

  it('bad values name the option', () => {
    expect(thrown(() => score(summaries, { bins: 11 })).path).toEqual(['options', 'bins']);
    expect(thrown(() => score(summaries, { convention: 'panda' as never })).message).toContain('did you mean "pandas"?');
    expect(thrown(() => summarize(rows, { asOf: '2024-01-10', afterAsOf: 'drop' as never })).path).toEqual(['options', 'afterAsOf']);
  });
});

describe("afterAsOf: 'exclude' in rfm (one asOf policy)", () => {
  const late = [...rows, { customerId: 'a', date: '2024-01-11', amount: 100, orderId: 'o3' }, { customerId: 'z', date: '2024-02-01', amount: 1 }];
  it('summarize leaves later rows out (a customer with only later rows has no summary); the default names the row', () => {
    expect(summarize(late, { asOf: '2024-01-10', afterAsOf: 'exclude' })).toEqual(summaries);
    const e = thrown(() => summarize(late, { asOf: '2024-01-10' }));
    expect(e.path).toEqual([3, 'date']);
    expect(e.message).toBe("[3].date: dated 2024-01-11, after asOf 2024-01-10; pass afterAsOf: 'exclude' to leave later rows out, or a later asOf");
  });
  it('the accumulator counts excluded rows, through merges and snapshots', () => {
    const a = createRfmAccumulator({ asOf: '2024-01-10', afterAsOf: 'exclude' });
    const b = createRfmAccumulator({ asOf: '2024-01-10', afterAsOf: 'exclude' });
    late.slice(0, 3).forEach((r) => a.add(r));
    late.slice(3).forEach((r) => b.add(r));
    expect(b.excludedAfterAsOf).toBe(2);
    a.merge(restoreRfmAccumulator(JSON.parse(JSON.stringify(b.snapshot()))));
    expect(a.excludedAfterAsOf).toBe(2);
    expect(a.rows).toBe(5);
    expect(a.result()).toEqual(summaries);
  });
});

describe('memory by distinct purchase days, not date span (issue 22)', () => {
  it('epoch-millisecond-like day numbers far apart: summarize, accumulator and stream agree, quickly', async () => {
    // dates 1970 … 275,000 AD (day numbers up to 1e8): a dense day bitmap would need ~3.3M words per customer
    const far = Array.from({ length: 400 }, (_, i) => ({ customerId: `c${i % 40}`, date: (i % 2 === 0 ? i : 99_000_000 + i * 1000) * 86_400_000, amount: 1 }));
    const asOf = 100_000_000 * 86_400_000;
    const t0 = performance.now();
    const one = summarize(far, { asOf, orderKey: 'day' });
    const acc = createRfmAccumulator({ asOf, orderKey: 'day' });
    for (const r of far) acc.add(r);
    const streamed = await summarizeStream([far], { asOf, orderKey: 'day' });
    expect(acc.result()).toEqual(one);
    expect(streamed).toEqual(one);
    expect(one.every((s) => s.frequency === 10)).toBe(true);
    const snap = acc.snapshot();
    expect(snap.customers.every((c) => (c[6] as number[]).length === 10)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(5000);
  });
});

describe('restoreRfmAccumulator validates snapshots (issue 22)', () => {
  const acc = createRfmAccumulator({ asOf: '2024-01-10' });
  rows.forEach((r) => acc.add(r));
  const good = JSON.parse(JSON.stringify(acc.snapshot())) as RfmAccumulatorState;
  const tamper = (f: (s: RfmAccumulatorState) => void) => {
    const s = structuredClone(good);
    f(s);
    return thrown(() => restoreRfmAccumulator(s));
  };
  it('round-trips a valid snapshot', () => {
    expect(good.kind).toBe('rfm-accumulator');
    expect(restoreRfmAccumulator(structuredClone(good)).result()).toEqual(summaries);
  });
  it('reads a snapshot taken before 0.5.0 (no kind) as version 1', () => {
    const { kind: _kind, ...legacy } = structuredClone(good);
    expect(restoreRfmAccumulator(legacy).result()).toEqual(summaries);
  });
  it.each([
    ['asOfDay beyond any date', (s: RfmAccumulatorState) => (s.asOfDay = 1e12), ['state', 'asOfDay']],
    ['a day number far outside the first..last days', (s: RfmAccumulatorState) => (s.customers[1]![6] = [1e12]), ['state', 'customers', 1, 6, 0]],
    ['an infinite day', (s: RfmAccumulatorState) => (s.customers[1]![6] = [Infinity]), ['state', 'customers', 1, 6, 0]],
    ['days not increasing', (s: RfmAccumulatorState) => (s.customers[1]![6] = [19725, 19725]), ['state', 'customers', 1, 6]],
    ['more days than rows', (s: RfmAccumulatorState) => (s.customers[1]![6] = [19724, 19725]), ['state', 'customers', 1, 6]],
    ['first day NaN', (s: RfmAccumulatorState) => (s.customers[0]![1] = Number.NaN), ['state', 'customers', 0, 1]],
    ['last day after asOf', (s: RfmAccumulatorState) => (s.customers[0]![2] = 19800), ['state', 'customers', 0, 1]],
    ['no orders and no days', (s: RfmAccumulatorState) => (s.customers[0]![5] = null), ['state', 'customers', 0]],
    ['rows below the customers\' rows', (s: RfmAccumulatorState) => (s.rows = 1), ['state', 'rows']],
    ['excluded above rows', (s: RfmAccumulatorState) => (s.excludedAfterAsOf = 9), ['state', 'excludedAfterAsOf']],
  ])('%s', (_name, f, path) => {
    const e = tamper(f);
    expect([e.code, e.path]).toEqual(['INVALID_MODEL', path]);
  });
});

describe('no Infinity from overflowing sums (issue 22)', () => {
  it('pandas scoring with monetary ±1.7e308: finite edges, the top spender gets the top score', () => {
    const s = [-1.7e308, -1e300, 0, 5, 1e300, 1.7e308].map((m, i) => ({ customerId: `c${i}`, recency: i, frequency: i + 1, monetary: m }));
    const t = scoreThresholds(s);
    expect(t.monetary.edges.every(Number.isFinite)).toBe(true);
    const m = score(s).map((x) => x.m);
    expect(m[5]).toBe(5);
    expect(m[0]).toBe(1);
    expect([...m].sort()).toEqual(m); // monotone in monetary
  });
  it('Lorenz, Gini and top share rescale when the total overflows (not "total value is 0")', () => {
    expect(gini([1.7e308, 1.7e308, 0])).toBeCloseTo(gini([1, 1, 0]), 15);
    expect(topShare([1.7e308, 1.7e308, 1.7e308, 0, 0])).toBeCloseTo(topShare([1, 1, 1, 0, 0]), 15);
    expect(lorenzCurve([1.7e308, 1.7e308])).toEqual(lorenzCurve([1, 1]));
  });
  it('abcTiers names the overflow instead of reporting an infinite total', () => {
    const e = thrown(() => abcTiers([{ customerId: 'a', value: 1.7e308 }, { customerId: 'b', value: 1.7e308 }]));
    expect(e.code).toBe('NUMERIC_DOMAIN');
  });
});
