import { describe, expect, it } from 'vitest';
import { encodeBaskets, frequentItemsets } from '../../src/basket/index.js';
import { fimi, readCsv } from './load.js';

// Dense FIMI data (every basket has the same length): exercises bitset Eclat, long single paths
// in FP-growth and the closed/maximal filters. Reference counts: arules 1.7-10, summary_counts.csv.
const ref = readCsv('summary_counts.csv');
const refCount = (dataset: string, task: string, support: number): number => {
  const row = ref.find((r) => r.dataset === dataset && r.task === task && Number(r.support) === support);
  if (row === undefined) throw new Error(`no reference for ${dataset} ${task} ${support}`);
  return Number(row.count);
};

describe.each([
  ['mushroom', 'mushroom.dat.gz', [0.5, 0.3]],
  ['chess', 'chess.dat.gz', [0.9, 0.8]],
] as const)('%s against arules', (dataset, file, supports) => {
  const enc = encodeBaskets(fimi(file));
  it.each(supports)('frequent / closed / maximal counts at %f, both algorithms', (minSupport) => {
    for (const algorithm of ['fpgrowth', 'eclat'] as const) {
      expect(frequentItemsets(enc, { minSupport, algorithm }).length).toBe(refCount(dataset, 'frequent itemsets (apriori)', minSupport));
      expect(frequentItemsets(enc, { minSupport, algorithm, kind: 'closed' }).length).toBe(refCount(dataset, 'closed frequent itemsets', minSupport));
      expect(frequentItemsets(enc, { minSupport, algorithm, kind: 'maximal' }).length).toBe(refCount(dataset, 'maximal frequent itemsets', minSupport));
    }
  });
});
