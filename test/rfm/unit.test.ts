import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrmError, dayToIsoDate, prepareTransactions, tryDayNumber } from '../../src/core/index.js';
import { fastDayNumber, isoDay } from '../../src/rfm/iso-day.js';
import { abcTiers, gini, kmeansSegments, lorenzCurve, score, scoreThresholds, segment, summarize, topShare, valueMatrix } from '../../src/rfm/index.js';
import { deepFreeze, params } from '../hardening/helpers.js';
import { thrown as err } from '../crm-error.js';


describe('summarize', () => {
  const rows = deepFreeze([
    { customerId: '__proto__', date: '2024-01-01T23:59:00Z', amount: 10, orderId: 'o1' },
    { customerId: '__proto__', date: '2024-01-01T08:00:00Z', amount: 5, orderId: 'o1' },
    { customerId: '__proto__', date: '2024-01-05', amount: -3, orderId: 'o2' },
    { customerId: 'b', date: '2024-01-03', amount: 7 },
    { customerId: 'b', date: '2024-01-03T12:00:00Z', amount: 1 },
    { customerId: 'b', date: '2024-01-02', amount: 2 },
    { customerId: 7, date: Date.UTC(2024, 0, 9, 18), amount: 1 },
  ]);

  it('computes calendar-day recency/tenure, distinct orders and net monetary, sorted by id', () => {
    const s = summarize(rows, { asOf: '2024-01-09T06:00:00Z' });
    expect(s.map((x) => x.customerId)).toEqual(['7', '__proto__', 'b']);
    expect(s[1]).toEqual({ customerId: '__proto__', recency: 4, frequency: 2, monetary: 12, averageOrderValue: 6, firstPurchase: '2024-01-01', lastPurchase: '2024-01-05', tenure: 8 });
    // b has no orderId: distinct purchase days (01-02, 01-03), out of time order on purpose
    expect(s[2]).toMatchObject({ recency: 6, frequency: 2, monetary: 10, tenure: 7 });
    // same calendar day as asOf (later time of day) is allowed: recency 0
    expect(s[0]).toMatchObject({ recency: 0, tenure: 0, frequency: 1 });
  });

  it('counts by day or by row on request', () => {
    expect(summarize(rows, { asOf: '2024-01-09', orderKey: 'day' })[1]!.frequency).toBe(2);
    expect(summarize(rows, { asOf: '2024-01-09', orderKey: 'row' })[1]!.frequency).toBe(3);
    expect(summarize(rows, { asOf: '2024-01-09', orderKey: 'row' })[2]!.frequency).toBe(3);
  });

  it('counts an order shared by two customers once for each (exact fallback)', () => {
    const shared = [
      { customerId: 'a', date: '2024-01-01', amount: 1, orderId: 'x' },
      { customerId: 'b', date: '2024-01-01', amount: 1, orderId: 'x' },
      { customerId: 'a', date: '2024-01-02', amount: 1, orderId: 'x' },
      { customerId: 'a', date: '2024-01-02', amount: 1, orderId: 'y' },
    ];
    expect(summarize(shared, { asOf: '2024-01-03' }).map((s) => s.frequency)).toEqual([2, 1]);
  });

  it('empty input is an empty result; rows and a prepared table agree', () => {
    expect(summarize([], { asOf: '2024-01-01' })).toEqual([]);
    expect(summarize(prepareTransactions(rows), { asOf: '2024-01-09' })).toEqual(summarize(rows, { asOf: '2024-01-09' }));
  });

  it('rejects a transaction after asOf with that row path, and bad options', () => {
    expect(err(() => summarize(rows, { asOf: '2024-01-04' })).path).toEqual([2, 'date']);
    expect(err(() => summarize(rows, { asOf: 'yesterday' })).path).toEqual(['options', 'asOf']);
    expect(err(() => summarize(rows, { asOf: '2024-02-01', orderKey: 'invoice' as never })).path).toEqual(['options', 'orderKey']);
    expect(err(() => summarize(rows, { asOf: '2024-02-01', orderKey: 'orderId' })).path).toEqual([3, 'orderId']);
    expect(err(() => summarize([{ customerId: 'a', date: '2024-01-01', amount: Number.NaN }], { asOf: '2024-02-01' })).path).toEqual([0, 'amount']);
    expect(err(() => summarize(rows, undefined as never)).code).toBe('INVALID_OPTION');
  });

  it('fastDayNumber equals core tryDayNumber whenever it answers, and answers the common forms', () => {
    const d2 = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.constantFrom('', ' ', 'T', 'x'),
        (y, m, d, h, mi, sep) => {
          const text = `${String(y).padStart(4, '0')}-${d2(m)}-${d2(d)}${sep === '' ? '' : `${sep}${d2(h)}:${d2(mi)}:${d2(mi)}`}`;
          const fast = fastDayNumber(text);
          const core = tryDayNumber(text);
          if (fast !== undefined) expect(fast).toBe(core);
          else if (core !== undefined && y >= 100 && h < 24) expect.fail(`fast path missed ${text}`);
        },
      ),
      params,
    );
    expect(fastDayNumber('2010-12-09 20:01:00')).toBe(tryDayNumber('2010-12-09 20:01:00'));
    expect(fastDayNumber('2023-02-29')).toBeUndefined();
    expect(fastDayNumber('2024-02-29')).toBe(tryDayNumber('2024-02-29'));
  });

  it('isoDay matches core dayToIsoDate', () => {
    fc.assert(
      fc.property(fc.double({ min: -800_000, max: 2_900_000, noNaN: true }), (d) => {
        expect(isoDay(d)).toBe(dayToIsoDate(d));
      }),
      params,
    );
  });
});

describe('score', () => {
  const mk = (vals: [number, number, number][]) => vals.map(([recency, frequency, monetary], i) => ({ customerId: `c${String(i).padStart(2, '0')}`, recency, frequency, monetary }));

  it('rfm-package breaks are type-7 quantiles + 1 (testthat: bins(mtcars, "mpg", 5) = 16.20, 18.92, 22.00, 25.08)', () => {
    const mpg = [21, 21, 22.8, 21.4, 18.7, 18.1, 14.3, 24.4, 22.8, 19.2, 17.8, 16.4, 17.3, 15.2, 10.4, 10.4, 14.7, 32.4, 30.4, 33.9, 21.5, 15.5, 15.2, 13.3, 19.2, 27.3, 26, 30.4, 15.8, 19.7, 15, 21.4];
    const t = scoreThresholds(mk(mpg.map((v) => [v, v, v])), { convention: 'rfm-package' });
    expect(t.monetary.edges.slice(1, -1).map((v) => Number(v.toFixed(10)))).toEqual([16.2, 18.92, 22, 25.08]);
    expect(t.monetary.edges[0]).toBe(10.4);
    expect(t.monetary.edges[5]).toBe(34.9);
  });

  it('pandas: right-closed bins, minimum in bin 1, reversed recency, ties in frequency split by customerId order', () => {
    const s = mk([[1, 1, 10], [2, 1, 20], [3, 1, 30], [4, 1, 40], [5, 1, 50]]);
    const sc = score([...s].reverse(), { bins: 5 }); // input order must not matter for the tie split
    const byId = new Map(sc.map((x) => [x.customerId, x]));
    expect(s.map((x) => byId.get(x.customerId)!.r)).toEqual([5, 4, 3, 2, 1]);
    expect(s.map((x) => byId.get(x.customerId)!.f)).toEqual([1, 2, 3, 4, 5]);
    expect(s.map((x) => byId.get(x.customerId)!.m)).toEqual([1, 2, 3, 4, 5]);
    expect(sc.map((x) => x.customerId)).toEqual([...s].reverse().map((x) => x.customerId)); // output in input order
    // the same with non-integer tied values (the comparator path, not the packed-key path)
    const frac = score([...s].reverse().map((x) => ({ ...x, frequency: 0.5 })));
    expect(frac.map((x) => x.f)).toEqual([5, 4, 3, 2, 1]);
  });

  it('pandas raises on duplicate edges (like qcut) unless duplicates: "drop"', () => {
    const s = mk([[1, 1, 1], [1, 1, 1], [1, 2, 1], [1, 3, 1], [9, 4, 5]]);
    const e = err(() => score(s));
    expect(e.code).toBe('NUMERIC_DOMAIN');
    expect(e.path).toEqual(['summaries', 'recency']);
    const d = score(s, { duplicates: 'drop' });
    expect(d.map((x) => x.r)).toEqual([2, 2, 2, 2, 1]);
    expect(d.map((x) => x.m)).toEqual([1, 1, 1, 1, 2]);
  });

  it('rfm-package never splits ties and can leave a score empty', () => {
    const s = mk([[1, 1, 1], [1, 1, 2], [1, 1, 3], [1, 1, 4], [1, 2, 5], [1, 5, 6]]);
    const t = scoreThresholds(s, { convention: 'rfm-package' });
    expect(t.frequency.counts.filter((c) => c === 0).length).toBeGreaterThan(0);
    const sc = score(s, { convention: 'rfm-package' });
    expect(new Set(sc.slice(0, 4).map((x) => x.f)).size).toBe(1);
  });

  it('custom breaks (left or right closed), 10 bins write dashed strings, empty gives empty', () => {
    const s = mk([[5, 5, 5], [10, 10, 10]]);
    const left = score(s, { convention: { breaks: { recency: [5], frequency: [5], monetary: [5] } } });
    expect(left.map((x) => x.rfm)).toEqual(['122', '122']); // a value equal to a break moves up
    const right = score(s, { convention: { breaks: { recency: [5], frequency: [5], monetary: [5] }, closed: 'right' } });
    expect(right.map((x) => x.rfm)).toEqual(['211', '122']);
    const many = mk(Array.from({ length: 20 }, (_, i) => [i, i, i] as [number, number, number]));
    expect(score(many, { bins: 10 })[0]!.rfm).toBe('10-1-1');
    expect(score([], { bins: 3 })).toEqual([]);
  });

  it('rejects bins outside 2..10 and breaks that do not increase', () => {
    const s = mk([[1, 1, 1], [2, 2, 2]]);
    for (const bins of [1, 11, 2.5, Number.NaN]) {
      const e = err(() => score(s, { bins }));
      expect([e.code, e.path]).toEqual(['INVALID_OPTION', ['options', 'bins']]);
    }
    expect(err(() => score(s, { convention: { breaks: { recency: [3, 3], frequency: [1], monetary: [1] } } })).path).toEqual(['options', 'convention', 'breaks', 'recency', 1]);
    expect(err(() => score(s, { convention: { breaks: { recency: [1], frequency: [], monetary: [1] } } })).path).toEqual(['options', 'convention', 'breaks', 'frequency']);
    expect(err(() => score(s, { convention: 'spss' as never })).path).toEqual(['options', 'convention']);
    expect(err(() => score([{ customerId: 'a', recency: Number.POSITIVE_INFINITY, frequency: 1, monetary: 1 }])).path).toEqual([0, 'recency']);
  });
});

describe('segment', () => {
  it('is first-match over inclusive ranges with a fallback and reasons', () => {
    const rules = [
      { name: 'top', r: [4, 5] as [number, number], f: [4, 5] as [number, number] },
      { name: 'recent', r: [4, 5] as [number, number] },
    ];
    const out = segment(
      [
        { customerId: 'a', r: 5, f: 5, m: 1 },
        { customerId: 'b', r: 4, f: 1, m: 1 },
        { customerId: 'c', r: 1, f: 1, m: 1 },
      ],
      { table: rules, fallback: 'rest' },
    );
    expect(out.map((o) => o.segment)).toEqual(['top', 'recent', 'rest']);
    expect(out[0]!.reasons[0]).toBe('rule 1 "top": R=5 in 4–5, F=5 in 4–5 (first match)');
    expect(out[2]!.reasons[0]).toContain('no rule matched R=1, F=1, M=1');
    expect(segment([{ customerId: 'x', r: 5, f: 5, m: 5 }])[0]!.segment).toBe('Champions');
    expect(segment([{ customerId: 'x', r: 3, f: 3, m: 1 }], { table: 'pandas-rf-map' })[0]!.segment).toBe('need_attention');
  });

  it('every one of the 125 cells gets exactly one pandas RF segment (the map partitions R×F)', () => {
    const cells = [];
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) cells.push({ customerId: `${r}${f}${m}`, r, f, m });
    expect(segment(cells, { table: 'pandas-rf-map' }).filter((s) => s.segment === 'others')).toEqual([]);
  });

  it('rejects bad tables and rules with the option path', () => {
    expect(err(() => segment([], { table: 'putler' as never })).path).toEqual(['options', 'table']);
    expect(err(() => segment([], { table: [{ name: 'x', r: [3, 1] }] as never })).path).toEqual(['options', 'table', 0, 'r']);
    expect(err(() => segment([{ customerId: 'a', r: 1, f: 'x', m: 1 }] as never)).path).toEqual([0, 'f']);
  });
});

describe('valueMatrix, abcTiers, lorenzCurve, gini, topShare', () => {
  it('places customers in Marcus quadrants, ties on the line go high', () => {
    const vm = valueMatrix([
      { customerId: 'best', frequency: 4, monetary: 800, recency: 1 },
      { customerId: 'freq', frequency: 4, monetary: 40, recency: 1 },
      { customerId: 'spend', frequency: 1, monetary: 300, recency: 1 },
      { customerId: 'unc', frequency: 1, monetary: 10, recency: 1 },
      { customerId: 'old', frequency: 9, monetary: 9000, recency: 400 },
    ], { activeWithinDays: 365 });
    expect(vm.frequencyCut).toBe(2.5);
    expect(vm.customers.map((c) => c.quadrant)).toEqual(['best', 'frequent', 'spenders', 'uncertain', 'inactive']);
    const tie = valueMatrix([{ customerId: 'a', frequency: 2, monetary: 20 }, { customerId: 'b', frequency: 2, monetary: 20 }], { split: 'median' });
    expect(tie.customers.map((c) => c.quadrant)).toEqual(['best', 'best']);
    expect(valueMatrix([]).frequencyCut).toBeNull();
    expect(err(() => valueMatrix([{ customerId: 'a', frequency: 0, monetary: 1 }])).path).toEqual([0, 'frequency']);
  });

  it('ABC: the crossing customer joins A by default, ties stay together, non-positive is C', () => {
    const vals = [
      { customerId: 'a', value: 50 },
      { customerId: 'b', value: 40 },
      { customerId: 'c', value: 6 },
      { customerId: 'd', value: 4 },
      { customerId: 'e', value: 0 },
      { customerId: 'f', value: -5 },
    ];
    const inc = abcTiers(vals);
    expect(inc.total).toBe(100);
    expect(inc.customers.map((c) => `${c.customerId}${c.tier}`)).toEqual(['aA', 'bA', 'cB', 'dC', 'eC', 'fC']);
    const exc = abcTiers(vals, { crossing: 'exclude' });
    expect(exc.customers.map((c) => c.tier)).toEqual(['A', 'B', 'C', 'C', 'C', 'C']);
    const ties = abcTiers([{ customerId: 'x', value: 10 }, { customerId: 'y', value: 10 }, { customerId: 'z', value: 10 }, { customerId: 'w', value: 10 }, { customerId: 'v', value: 10 }]);
    expect(new Set(ties.customers.map((c) => c.tier))).toEqual(new Set(['A']));
    expect(abcTiers([{ customerId: 's', monetary: 3 }]).customers[0]!.tier).toBe('A');
    expect(inc.tiers.map((t) => [t.tier, t.customers, t.value])).toEqual([['A', 2, 90], ['B', 1, 6], ['C', 3, -1]]);
    expect(err(() => abcTiers(vals, { cuts: [0.9, 0.8] })).path).toEqual(['options', 'cuts']);
  });

  it('gini equals the mean-absolute-difference definition; Lorenz and top share are consistent', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 40 }).filter((a) => a.some((v) => v > 0)), (xs) => {
        const n = xs.length;
        const mean = xs.reduce((a, b) => a + b, 0) / n;
        let mad = 0;
        for (const a of xs) for (const b of xs) mad += Math.abs(a - b);
        const expected = mad / (2 * n * n * mean);
        expect(gini(xs)).toBeCloseTo(expected, 12);
        // Gini = 1 − 2 × area under the Lorenz curve (trapezoids)
        const lc = lorenzCurve(xs);
        let area = 0;
        for (let i = 1; i < lc.length; i++) area += ((lc[i]!.customerShare - lc[i - 1]!.customerShare) * (lc[i]!.valueShare + lc[i - 1]!.valueShare)) / 2;
        expect(1 - 2 * area).toBeCloseTo(expected, 10);
        expect(topShare(xs, 1)).toBeCloseTo(1, 12);
      }),
      params,
    );
    expect(gini([0, 0, 0, 10])).toBe(0.75);
    expect(topShare([1, 1, 1, 1, 6], 0.2)).toBe(0.6);
    expect(lorenzCurve([])).toEqual([]);
    expect(err(() => gini([])).code).toBe('NUMERIC_DOMAIN');
    expect(err(() => gini([1, -1])).path).toEqual([1]);
  });
});

describe('kmeansSegments', () => {
  // three well separated groups in log space: silhouette must pick k = 3 over 2..6
  const groups = [
    { r: 5, f: 30, m: 5000 },
    { r: 60, f: 5, m: 400 },
    { r: 300, f: 1, m: 20 },
  ];
  const data = groups.flatMap((g, gi) => Array.from({ length: 40 }, (_, i) => ({ customerId: `g${gi}-${i}`, recency: g.r * (1 + (i % 5) / 20), frequency: Math.round(g.f * (1 + (i % 3) / 10)), monetary: g.m * (1 + (i % 7) / 30) })));

  it('recovers the generating groups and k by silhouette, deterministically', () => {
    const km = kmeansSegments(data, { kRange: [2, 6], seed: 7 });
    expect(km.k).toBe(3);
    expect(km.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6]);
    expect(km.silhouette).toBe(Math.max(...km.candidates.map((c) => c.silhouette)));
    // cluster 0 = highest mean monetary = group 0
    for (const c of km.customers) expect(c.cluster).toBe(Number(c.customerId[1]));
    expect(km.clusters.map((c) => c.size)).toEqual([40, 40, 40]);
    expect(kmeansSegments(data, { kRange: [2, 6], seed: 7 })).toEqual(km);
    expect(JSON.parse(JSON.stringify(km))).toEqual(km);
  });

  it('validates k, kRange and returns empty for empty input', () => {
    expect(kmeansSegments([], { k: 3 }).customers).toEqual([]);
    expect(err(() => kmeansSegments(data, { k: 1 })).path).toEqual(['options', 'k']);
    expect(err(() => kmeansSegments(data, { k: 2, kRange: [2, 3] })).path).toEqual(['options', 'kRange']);
    expect(err(() => kmeansSegments(data.slice(0, 3), { k: 3 })).path).toEqual(['options', 'k']);
  });
});
