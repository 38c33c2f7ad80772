import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kmeans } from 'ml-kmeans';
import { describe, expect, it } from 'vitest';
import { kmeansFeatures, silhouette } from '../../src/rfm/kmeans.js';
import { kmeansSegments, summarize } from '../../src/rfm/index.js';
import { FIXTURES, onlineRetailInvoices } from './helpers.js';

// Reference: test/fixtures/rfm/kmeans_reference.json, made by make_kmeans_reference.py (same
// folder) with scikit-learn 1.2.1: Lloyd k-means from fixed centres, silhouette_score, and the
// best inertia of 10 k-means++ starts, on the standardised log RFM of the bundled invoices.
interface Ref {
  n: number;
  ks: { k: number; initPositions: number[]; labels: number[]; inertia: number; silhouette: number; bestInertiaNInit10: number }[];
}
const ref = JSON.parse(readFileSync(join(FIXTURES, 'kmeans_reference.json'), 'utf8')) as Ref;
const summaries = summarize(onlineRetailInvoices(), { asOf: '2010-12-10' });
const X = kmeansFeatures(summaries);
const all = Array.from({ length: X.length }, (_, i) => i);
const sq = (a: number[], b: number[]) => a.reduce((s, v, j) => s + (v - b[j]!) ** 2, 0);

describe('k-means against scikit-learn on Online Retail II (4,312 customers)', () => {
  it.each(ref.ks.map((r) => [r.k, r] as const))('k = %i: same Lloyd fixed point and inertia from the same start (and silhouette)', (_k, r) => {
    expect(X).toHaveLength(ref.n);
    const fit = kmeans(X, r.k, { initialization: r.initPositions.map((p) => [...X[p]!]), maxIterations: 1000, tolerance: 0 });
    expect(fit.clusters).toEqual(r.labels);
    const inertia = X.reduce((s, x, i) => s + sq(x, fit.centroids[fit.clusters[i]!]!), 0);
    expect(inertia).toBeCloseTo(r.inertia, 6);
    // the O(n²) silhouette is checked on two k only, to keep the suite fast
    if (r.k === 2 || r.k === 5) expect(silhouette(X, r.labels, r.k, all)).toBeCloseTo(r.silhouette, 10);
  });

  it('kmeansSegments (seeded k-means++, best of 3) reaches scikit-learn’s best-of-10 inertia within 0.5 %', () => {
    for (const k of [3, 4]) {
      const km = kmeansSegments(summaries, { k, seed: 1 });
      const inertia = km.candidates[0]!.inertia;
      const best = ref.ks.find((r) => r.k === k)!.bestInertiaNInit10;
      expect(inertia / best).toBeLessThan(1.005);
    }
  });
});
