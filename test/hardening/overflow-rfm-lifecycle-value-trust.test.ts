// Issue 22 "no NaN or Infinity out" for rfm, lifecycle, value and trust: overflowing sums are a
// NUMERIC_DOMAIN CrmError naming the input, or rescaled where the result is a ratio. Properties
// over generated extreme magnitudes (npm run test:fuzz runs them with 10,000 cases).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import { classify } from '../../src/lifecycle/index.js';
import { gini, lorenzCurve, score, scoreThresholds, topShare } from '../../src/rfm/index.js';
import { aggregateTrust, trustScore } from '../../src/trust/index.js';
import { deliveredValue, satisfaction, satisfactionIndicators, shareOfWallet } from '../../src/value/index.js';
import { thrown } from '../crm-error.js';
import { params } from './helpers.js';

/** Every number in the result is finite (JSON round-trip keeps it). */
function finiteEverywhere(x: unknown): void {
  const bad = JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? 'NOT-FINITE' : v));
  expect(bad).not.toContain('NOT-FINITE');
}
/** A value or a NUMERIC_DOMAIN error, never a non-finite number. */
function finiteOrNumericDomain(fn: () => unknown): void {
  let out: unknown;
  try {
    out = fn();
  } catch (e) {
    expect(e).toBeInstanceOf(CrmError);
    expect(['NUMERIC_DOMAIN', 'INVALID_INPUT']).toContain((e as CrmError).code);
    return;
  }
  finiteEverywhere(out);
}

const huge = fc.oneof(fc.double({ min: -1.7976931348623157e308, max: 1.7976931348623157e308, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1.7e308, -1.7e308, 8.9e307, 0, 1));
const big = fc.oneof(fc.double({ min: 0, max: 1.7976931348623157e308, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(1.7e308, 1e308, 0));

describe('overflow properties (issue 22)', () => {
  it('pandas scoring of monetary anywhere in ±1.8e308: finite edges, scores monotone in monetary', () => {
    fc.assert(
      fc.property(fc.array(huge, { minLength: 2, maxLength: 30 }), (ms) => {
        const s = ms.map((m, i) => ({ customerId: `c${i}`, recency: i, frequency: i + 1, monetary: m }));
        const t = scoreThresholds(s, { duplicates: 'drop' });
        expect(t.monetary.edges.every(Number.isFinite)).toBe(true);
        const scored = score(s, { duplicates: 'drop' });
        const max = Math.max(...ms);
        const top = Math.max(...scored.map((x) => x.m));
        for (let i = 0; i < ms.length; i++) {
          if (ms[i] === max) expect(scored[i]!.m).toBe(top);
          for (let j = 0; j < ms.length; j++) if ((ms[i] as number) < (ms[j] as number)) expect(scored[i]!.m).toBeLessThanOrEqual(scored[j]!.m);
        }
      }),
      params,
    );
  });

  it('Lorenz, Gini and top share are scale-free: huge values give the answers of the same values scaled down', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }), (xs) => {
        if (!xs.some((x) => x > 0)) return;
        const scaled = xs.map((x) => x * 2 ** 1023);
        expect(gini(scaled)).toBeCloseTo(gini(xs), 12);
        expect(topShare(scaled, 0.3)).toBeCloseTo(topShare(xs, 0.3), 12);
        const a = lorenzCurve(scaled);
        const b = lorenzCurve(xs);
        a.forEach((p, i) => expect(p.valueShare).toBeCloseTo(b[i]!.valueShare, 12));
      }),
      params,
    );
  });

  it('deliveredValue, satisfaction, shareOfWallet: finite results or NUMERIC_DOMAIN', () => {
    fc.assert(
      fc.property(fc.array(big, { minLength: 8, maxLength: 8 }), big, big, (v, p, e) => {
        const offer = { value: { product: v[0]!, service: v[1]!, personnel: v[2]!, image: v[3]! }, cost: { monetary: v[4]!, time: v[5]!, energy: v[6]!, physical: v[7]! } };
        finiteOrNumericDomain(() => deliveredValue(offer));
        finiteOrNumericDomain(() => satisfaction(p, e));
        finiteOrNumericDomain(() => shareOfWallet([{ customerId: 'a', ourSpend: Math.min(p, e), categorySpend: Math.max(p, e) }, { customerId: 'b', ourSpend: 0, categorySpend: Math.max(p, e, 1) }]));
      }),
      params,
    );
  });

  it('trustScore and aggregateTrust with any positive scale: finite results or NUMERIC_DOMAIN naming the scale', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-300, max: 1e300, noNaN: true }), fc.double({ min: 1, max: 1e300, noNaN: true }), (lo, width) => {
        const hi = lo * (1 + width);
        if (!Number.isFinite(hi)) return; // not a scale (INVALID_OPTION, tested elsewhere)
        const c = { credibility: hi, reliability: hi, intimacy: lo, selfOrientation: lo };
        try {
          finiteEverywhere(trustScore(c, { scale: [lo, hi] }));
          finiteEverywhere(aggregateTrust([{ subjectId: 's', ...c }, { subjectId: 's', ...c, intimacy: hi }], { scale: [lo, hi] }));
        } catch (e) {
          expect(e).toBeInstanceOf(CrmError);
          expect((e as CrmError).code).toBe('NUMERIC_DOMAIN');
          expect((e as CrmError).path).toEqual(['options', 'scale']);
        }
      }),
      params,
    );
  });

  it('lifecycle.classify and satisfactionIndicators with huge amounts: finite or NUMERIC_DOMAIN at amount', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ c: fc.constantFrom('a', 'b'), d: fc.integer({ min: 0, max: 300 }), amount: huge }), { minLength: 1, maxLength: 12 }), (rs) => {
        const rows = rs.map((r) => ({ customerId: r.c, date: r.d * 86_400_000, amount: r.amount }));
        for (const fn of [() => classify(rows, { asOf: 400 * 86_400_000 }), () => satisfactionIndicators(rows, { asOf: 400 * 86_400_000 })]) {
          try {
            finiteEverywhere(fn());
          } catch (e) {
            expect(e).toBeInstanceOf(CrmError);
            expect((e as CrmError).code).toBe('NUMERIC_DOMAIN');
            expect((e as CrmError).path.at(-1)).toBe('amount');
          }
        }
      }),
      params,
    );
  });
});

describe('overflow reproducers (issue 22)', () => {
  it('deliveredValue totals beyond 1.8e308 name the total', () => {
    const e = thrown(() => deliveredValue({ value: { product: 1.7e308, service: 1.7e308, personnel: 0, image: 0 }, cost: { monetary: 1, time: 0, energy: 0, physical: 0 } }));
    expect(e).toMatchObject({ code: 'NUMERIC_DOMAIN', path: ['value'] });
    expect(thrown(() => deliveredValue([{ value: { product: 1, service: 0, personnel: 0, image: 0 }, cost: { monetary: 1e308, time: 1e308, energy: 0, physical: 0 } }])).path).toEqual([0, 'cost']);
  });
  it('satisfaction index beyond 1.8e308 is NUMERIC_DOMAIN at expected', () => {
    expect(thrown(() => satisfaction(1e308, 1e-10))).toMatchObject({ code: 'NUMERIC_DOMAIN', path: ['expected'] });
  });
  it('classify: a customer whose net spend overflows is named', () => {
    const e = thrown(() => classify([{ customerId: 'x', date: '2024-01-01', amount: 1.7e308 }, { customerId: 'x', date: '2024-01-02', amount: 1.7e308 }], { asOf: '2024-02-01' }));
    expect(e).toMatchObject({ code: 'NUMERIC_DOMAIN', path: ['amount'] });
    expect(e.message).toContain('"x"');
  });
  it('trustScore on a scale whose range overflows names options.scale (no ±Infinity range)', () => {
    const e = thrown(() => trustScore({ credibility: 1e300, reliability: 1e300, intimacy: 1e300, selfOrientation: 1e-300 }, { scale: [1e-300, 1e300] }));
    expect(e).toMatchObject({ code: 'NUMERIC_DOMAIN', path: ['options', 'scale'] });
  });
  it('shareOfWallet overall share when the category total overflows', () => {
    const r = shareOfWallet([
      { customerId: 'a', ourSpend: 1e308, categorySpend: 1.5e308 },
      { customerId: 'b', ourSpend: 0.5e308, categorySpend: 1.5e308 },
    ]);
    expect(r.overall).toBeCloseTo(0.5, 14);
  });
});

describe('accumulator snapshots under tampering (issue 22 item 6)', () => {
  it('any number in a snapshot replaced by a hostile value: refused with a CrmError at state.…, or a clean result', async () => {
    const { createRfmAccumulator, restoreRfmAccumulator } = await import('../../src/rfm/index.js');
    const acc = createRfmAccumulator({ asOf: '2024-03-01' });
    for (const [id, date, amount, orderId] of [['a', '2024-01-02', 5, undefined], ['a', '2024-02-10', 7, undefined], ['b', '2024-01-20', 9, 'o1'], ['b', '2024-02-01', 1, 'o2']] as const) {
      acc.add({ customerId: id, date, amount, ...(orderId === undefined ? {} : { orderId }) });
    }
    const base = JSON.parse(JSON.stringify(acc.snapshot())) as Record<string, unknown>;
    const hostile = fc.oneof(fc.constantFrom(Number.NaN, Infinity, -Infinity, 1e300, -1e300, 1e12, -1, 0, 0.5, 2 ** 53), fc.integer({ min: 19_700, max: 19_800 }));
    // numeric leaves of the snapshot, as paths
    const leaves: (string | number)[][] = [];
    const walk = (x: unknown, path: (string | number)[]) => {
      if (typeof x === 'number') leaves.push(path);
      else if (Array.isArray(x)) x.forEach((v, i) => walk(v, [...path, i]));
      else if (typeof x === 'object' && x !== null) for (const [k, v] of Object.entries(x)) walk(v, [...path, k]);
    };
    walk(base, []);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: leaves.length - 1 }), hostile, (leaf, value) => {
        const s = structuredClone(base);
        const path = leaves[leaf]!;
        let node: Record<string | number, unknown> = s;
        for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
        node[path.at(-1)!] = value;
        let restored;
        try {
          restored = restoreRfmAccumulator(s as never);
        } catch (e) {
          expect(e).toBeInstanceOf(CrmError);
          expect((e as CrmError).path[0] === 'state' || (e as CrmError).path[0] === 'options').toBe(true);
          return;
        }
        try {
          finiteEverywhere(restored.result());
        } catch (e) {
          // an accepted snapshot may still overflow a sum: that is a NUMERIC_DOMAIN error, never a number
          expect(e).toBeInstanceOf(CrmError);
          expect((e as CrmError).code).toBe('NUMERIC_DOMAIN');
        }
      }),
      params,
    );
  });
});
