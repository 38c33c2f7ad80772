import { beforeAll, describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import { encodeBaskets, frequentItemsets, type EncodedBaskets } from '../../src/basket/index.js';
import { readCsv, retail } from './load.js';

// Reference counts: R arules 1.7-10, test/fixtures/basket/summary_counts.csv.
let enc: EncodedBaskets;
const ref = readCsv('summary_counts.csv').filter((r) => r.dataset === 'retail');
const refCount = (task: string, support: number): number => {
  const row = ref.find((r) => r.task === task && Number(r.support) === support);
  if (row === undefined) throw new Error(`no reference for ${task} at ${support}`);
  return Number(row.count);
};

beforeAll(() => {
  enc = encodeBaskets(retail());
});

describe('retail.dat against arules', () => {
  it('has 88,162 baskets and 16,470 items', () => {
    expect(enc.n).toBe(88162);
    expect(enc.items.length).toBe(16470);
    expect(enc.codes.length).toBe(908576);
  });

  it.each([0.01, 0.005, 0.002, 0.001])('itemset counts at %f equal summary_counts.csv for both algorithms', (minSupport) => {
    const want = refCount('frequent itemsets (apriori)', minSupport);
    expect(refCount('frequent itemsets (eclat)', minSupport)).toBe(want);
    const fp = frequentItemsets(enc, { minSupport, algorithm: 'fpgrowth' });
    const ec = frequentItemsets(enc, { minSupport, algorithm: 'eclat' });
    expect(fp.length).toBe(want);
    expect(ec).toEqual(fp);
  });

  it.each([0.01, 0.001])('closed and maximal counts at %f', (minSupport) => {
    expect(frequentItemsets(enc, { minSupport, kind: 'closed' }).length).toBe(refCount('closed frequent itemsets', minSupport));
    expect(frequentItemsets(enc, { minSupport, kind: 'maximal' }).length).toBe(refCount('maximal frequent itemsets', minSupport));
    expect(frequentItemsets(enc, { minSupport, kind: 'maximal', algorithm: 'eclat' }).length).toBe(refCount('maximal frequent itemsets', minSupport));
  });

  it('an exploding request fails with TOO_MANY_ITEMSETS and the count reached', () => {
    let error: unknown;
    try {
      frequentItemsets(enc, { minSupport: 0.0001, maxItemsets: 200_000 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CrmError);
    expect((error as CrmError).code).toBe('TOO_MANY_ITEMSETS');
    expect((error as CrmError).data).toEqual({ count: 200_001, maxItemsets: 200_000 });
    expect((error as CrmError).path).toEqual(['options', 'maxItemsets']);
  });
});
