import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CrmError, dayToIsoDate, type Transaction } from '../../src/core/index.js';
import { createRfmAccumulator, restoreRfmAccumulator, summarize, summarizeStream, type OrderKey } from '../../src/rfm/index.js';
import { arbId, params } from '../hardening/helpers.js';

const base = Date.UTC(2020, 0, 1) / 86_400_000;
const arbAmount = fc.oneof(
  fc.integer({ min: -50_000, max: 500_000 }).map((c) => c / 100),
  fc.double({ min: -1e9, max: 1e9, noNaN: true }),
  fc.constantFrom(0.1, 0.2, 0.3, 1e-9, 1e15, -1e15, 2 ** 53, -0),
);
const arbRow: fc.Arbitrary<Transaction> = fc.record(
  {
    customerId: fc.oneof(arbId, fc.constantFrom('a', 'b', 'c')),
    date: fc
      .tuple(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 23 }))
      .map(([d, h]) => (h % 3 === 0 ? dayToIsoDate(base + d) : `${dayToIsoDate(base + d)}T${String(h).padStart(2, '0')}:30:00Z`)),
    amount: arbAmount,
    orderId: fc.constantFrom('o1', 'o2', 'o3', 'o4', '__proto__'),
  },
  { requiredKeys: ['customerId', 'date', 'amount'] },
);
const asOf = dayToIsoDate(base + 400);

describe('createRfmAccumulator: sharded + merged equals one pass', () => {
  for (const orderKey of ['auto', 'day', 'row'] as OrderKey[]) {
    it(`random shards merged in random order equal summarize (orderKey ${orderKey})`, () => {
      fc.assert(
        fc.property(
          fc.array(arbRow, { maxLength: 60 }),
          fc.integer({ min: 1, max: 6 }),
          fc.infiniteStream(fc.nat()),
          fc.infiniteStream(fc.nat()),
          (rows, k, assign, order) => {
            const shards = Array.from({ length: k }, () => createRfmAccumulator({ asOf, orderKey }));
            const a = assign[Symbol.iterator]();
            for (const row of rows) shards[(a.next().value as number) % k]!.add(row);
            // merge in a random order (a random permutation of the shards)
            const o = order[Symbol.iterator]();
            const rest = [...shards];
            const target = rest.splice((o.next().value as number) % rest.length, 1)[0]!;
            while (rest.length > 0) target.merge(rest.splice((o.next().value as number) % rest.length, 1)[0]!);
            const expected = summarize(rows, { asOf, orderKey });
            expect(target.result()).toEqual(expected);
            expect(target.rows).toBe(rows.length);
            expect(target.customers).toBe(expected.length);
          },
        ),
        params,
      );
    });
  }

  it('orderKey "orderId": shards equal one pass when every row has an order id', () => {
    fc.assert(
      fc.property(fc.array(arbRow.map((r) => ({ ...r, orderId: r.orderId ?? 'o0' })), { maxLength: 60 }), fc.integer({ min: 1, max: 4 }), (rows, k) => {
        const shards = Array.from({ length: k }, () => createRfmAccumulator({ asOf, orderKey: 'orderId' }));
        rows.forEach((r, i) => shards[(i * 7919) % k]!.add(r));
        for (let j = shards.length - 1; j > 0; j--) shards[0]!.merge(shards[j]!);
        expect(shards[0]!.result()).toEqual(summarize(rows, { asOf, orderKey: 'orderId' }));
      }),
      params,
    );
  });

  it('snapshots survive JSON and merge like live shards (e.g. from workers)', () => {
    fc.assert(
      fc.property(fc.array(arbRow, { maxLength: 50 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom<OrderKey>('auto', 'day', 'row'), (rows, k, orderKey) => {
        const shards = Array.from({ length: k }, () => createRfmAccumulator({ asOf, orderKey }));
        rows.forEach((r, i) => shards[i % k]!.add(r));
        const total = createRfmAccumulator({ asOf, orderKey });
        for (const sh of shards) total.merge(restoreRfmAccumulator(JSON.parse(JSON.stringify(sh.snapshot()))));
        expect(total.result()).toEqual(summarize(rows, { asOf, orderKey }));
        expect(total.rows).toBe(rows.length);
      }),
      params,
    );
    expect(() => restoreRfmAccumulator({ version: 2 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL', path: ['state', 'kind'] }));
    expect(() => restoreRfmAccumulator({ kind: 'rfm-accumulator', version: 2 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL', path: ['state', 'version'], message: expect.stringMatching(/newer crm-analytics.*upgrade/) }));
    expect(() => restoreRfmAccumulator({ kind: 'basket-accumulator', version: 1 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL', path: ['state', 'kind'] }));
    const good = createRfmAccumulator({ asOf });
    good.add({ customerId: 'a', date: '2020-01-01', amount: 1 });
    const snap = good.snapshot();
    snap.customers[0]![3] = [Number.NaN];
    expect(() => restoreRfmAccumulator(snap)).toThrow(expect.objectContaining({ path: ['state', 'customers', 0, 3] }));
  });

  it('summarizeStream (rows and batches, async) equals summarize', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(arbRow, { maxLength: 60 }), fc.integer({ min: 1, max: 7 }), async (rows, batch) => {
        async function* gen() {
          for (let i = 0; i < rows.length; i += batch) {
            const chunk = rows.slice(i, i + batch);
            if (i % 2 === 0) yield chunk;
            else for (const r of chunk) yield r;
          }
        }
        expect(await summarizeStream(gen(), { asOf })).toEqual(summarize(rows, { asOf }));
      }),
      { ...params, numRuns: Math.min(params.numRuns, 100) },
    );
  });

  it('sums amounts exactly: 0.1 + 0.2 + 0.3 in any order is 0.6, 1e16 + 1 - 1e16 is 1', () => {
    const rows = [0.1, 0.2, 0.3].map((amount) => ({ customerId: 'a', date: '2020-01-01', amount }));
    const perms = [rows, [rows[2]!, rows[0]!, rows[1]!], [rows[1]!, rows[2]!, rows[0]!]];
    for (const p of perms) expect(summarize(p, { asOf })[0]!.monetary).toBe(0.6);
    const big = [1e16, 1, -1e16].map((amount) => ({ customerId: 'a', date: '2020-01-01', amount }));
    expect(summarize(big, { asOf })[0]!.monetary).toBe(1);
  });

  it('rejects bad rows with their stream position, rows after asOf, and foreign merges', async () => {
    const acc = createRfmAccumulator({ asOf: '2020-01-10' });
    acc.add({ customerId: 'a', date: '2020-01-01', amount: 1 });
    expect(() => acc.add({ customerId: 'a', date: '2020-01-11', amount: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', path: [1, 'date'] }));
    expect(() => acc.add({ customerId: 'a', date: 'nope', amount: 1 })).toThrow(expect.objectContaining({ path: [1, 'date'] }));
    expect(() => acc.add({ customerId: 'a', date: '2020-01-01', amount: Number.NaN })).toThrow(expect.objectContaining({ path: [1, 'amount'] }));
    expect(() => acc.merge(createRfmAccumulator({ asOf: '2020-01-11' }))).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', path: ['other', 'asOf'] }));
    expect(() => acc.merge(createRfmAccumulator({ asOf: '2020-01-10', orderKey: 'row' }))).toThrow(expect.objectContaining({ path: ['other', 'orderKey'] }));
    expect(() => acc.merge(acc)).toThrow(CrmError);
    expect(() => acc.merge({} as never)).toThrow(CrmError);
    const rows = [{ customerId: 'a', date: '2020-01-01', amount: 1 }, { customerId: 'b', date: '2020-01-02', amount: 'x' }];
    await expect(summarizeStream(rows as never, { asOf })).rejects.toMatchObject({ code: 'INVALID_INPUT', path: [1, 'amount'] });
    await expect(summarizeStream(42 as never, { asOf })).rejects.toBeInstanceOf(CrmError);
    const ord = createRfmAccumulator({ asOf, orderKey: 'orderId' });
    expect(() => ord.add({ customerId: 'a', date: '2020-01-01', amount: 1 })).toThrow(expect.objectContaining({ path: [0, 'orderId'] }));
  });
});
