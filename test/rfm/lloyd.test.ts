// src/rfm/lloyd.ts replaced ml-kmeans (issue 16 item 6 / issue 23 item 1) on the promise of
// bit-identical results: same labels, same centroids (===), same iteration count and convergence
// flag as ml-kmeans 7.0.1 (kept as a devDependency only for this oracle) from the same starts.
import fc from 'fast-check';
import { kmeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/core/index.js';
import { kmeansFeatures } from '../../src/rfm/kmeans.js';
import { lloyd } from '../../src/rfm/lloyd.js';
import { summarize } from '../../src/rfm/index.js';
import { onlineRetailInvoices } from './helpers.js';

function both(data: number[][], init: number[][], maxIterations: number) {
  const ours = lloyd(data, init.map((c) => [...c]), maxIterations);
  const theirs = kmeans(data, init.length, { initialization: init.map((c) => [...c]), maxIterations });
  return { ours, theirs: { clusters: [...theirs.clusters], centroids: theirs.centroids, converged: theirs.converged, iterations: theirs.iterations } };
}

describe('lloyd is bit-identical to ml-kmeans 7.0.1', () => {
  it('on random data, starts, k and iteration limits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 2, max: 60 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 40 }), (seed, n, k0, dim, maxIt) => {
        const rng = createRandom(seed);
        const k = Math.min(k0, n);
        // clumpy data with exact duplicates, so ties and empty clusters happen
        const data = Array.from({ length: n }, () => Array.from({ length: dim }, () => Math.round(rng.next() * 6) / 2 + (rng.next() < 0.3 ? rng.next() : 0)));
        const init = Array.from({ length: k }, () => [...data[rng.int(n)]!]);
        const { ours, theirs } = both(data, init, maxIt);
        expect(ours).toEqual(theirs);
        for (let c = 0; c < k; c++) for (let j = 0; j < dim; j++) expect(Object.is(ours.centroids[c]![j], theirs.centroids[c]![j])).toBe(true);
      }),
      { numRuns: Number(process.env['FUZZ_RUNS'] ?? 300) },
    );
  });

  it('on the Online Retail RFM features, k = 2..6 from seeded starts', () => {
    const X = kmeansFeatures(summarize(onlineRetailInvoices(), { asOf: '2010-12-10' }));
    const rng = createRandom(7);
    for (let k = 2; k <= 6; k++) {
      const init = Array.from({ length: k }, () => [...X[rng.int(X.length)]!]);
      const { ours, theirs } = both(X, init, 100);
      expect(ours.iterations).toBeGreaterThan(1);
      expect(ours).toEqual(theirs);
    }
  });

  it('rejects k above the number of points, as ml-kmeans did', () => {
    expect(() => lloyd([[1]], [[1], [2]])).toThrow(/K should be/);
  });
});
