// Saved models (issue 16 item 5): RFM score thresholds and k-means models are JSON envelopes with
// kind and version; loading checks them; applying a reloaded model gives the original answers.
import { describe, expect, it } from 'vitest';
import { applyScoreThresholds, assignKmeansSegments, kmeansSegments, loadKmeansModel, loadScoreThresholds, score, scoreThresholds } from '../../src/rfm/index.js';
import { thrown } from '../crm-error.js';

// 40 customers with distinct values in every dimension (no ties across a band edge).
const summaries = Array.from({ length: 40 }, (_, i) => ({
  customerId: `c${String(i).padStart(2, '0')}`,
  recency: (i * 37) % 97,
  frequency: 1 + ((i * 13) % 41),
  monetary: 10 + ((i * 71) % 89) * 7.5,
}));
const roundTrip = <T>(x: T): unknown => JSON.parse(JSON.stringify(x));

describe('RFM score thresholds as a saved model', () => {
  for (const options of [{ convention: 'pandas' }, { convention: 'rfm-package', bins: 4 }, { convention: { breaks: { recency: [10, 50], frequency: [5, 20], monetary: [100, 400] } } }] as const) {
    it(`${JSON.stringify(options.convention).slice(0, 30)}: saved, reloaded and applied = score() on the fitted customers`, () => {
      const t = scoreThresholds(summaries, options);
      expect(t).toMatchObject({ kind: 'rfm-score-thresholds', version: 1, fittedOn: { n: 40 } });
      const loaded = loadScoreThresholds(roundTrip(t));
      expect(loaded).toEqual(t);
      expect(applyScoreThresholds(summaries, loaded)).toEqual(score(summaries, options));
    });
  }

  it('new customers are scored on the fitted scale (beyond the range: first or last band)', () => {
    const t = loadScoreThresholds(roundTrip(scoreThresholds(summaries, { convention: 'rfm-package' })));
    const [best, worst] = applyScoreThresholds(
      [
        { customerId: 'best', recency: -5, frequency: 1e6, monetary: 1e9 },
        { customerId: 'worst', recency: 1e6, frequency: 0, monetary: -50 },
      ],
      t,
    );
    expect(best).toEqual({ customerId: 'best', r: 5, f: 5, m: 5, rfm: '555' });
    expect(worst).toEqual({ customerId: 'worst', r: 1, f: 1, m: 1, rfm: '111' });
  });

  it('pandas frequency: rank edges become value cuts; a tie across an edge stays in the lower band', () => {
    const tied = [1, 1, 1, 2, 3].map((f, i) => ({ customerId: `t${i}`, recency: i, frequency: f, monetary: i + 1 }));
    const t = scoreThresholds(tied, { bins: 2 });
    // ranks 1..5, median edge 3: ranks 1-3 (all frequency 1) low; value cut = frequency at rank 3 = 1
    expect(t.frequency.edges).toEqual([1, 3, 5]);
    expect(t.frequency.cuts).toEqual([1]);
    expect(applyScoreThresholds(tied, t).map((s) => s.f)).toEqual(score(tied, { bins: 2 }).map((s) => s.f));
  });

  it('refuses another kind, a newer version and damaged cuts with INVALID_MODEL', () => {
    const t = roundTrip(scoreThresholds(summaries)) as Record<string, unknown>;
    expect(thrown(() => loadScoreThresholds({ ...t, kind: 'rfm-kmeans' }))).toMatchObject({ code: 'INVALID_MODEL', path: ['thresholds', 'kind'] });
    expect(thrown(() => loadScoreThresholds({ ...t, version: 2 })).message).toMatch(/newer crm-analytics/);
    expect(thrown(() => loadScoreThresholds({ ...t, version: undefined })).code).toBe('INVALID_MODEL');
    const bad = roundTrip(t) as { monetary: { cuts: number[] } };
    bad.monetary.cuts = [5, 3, 8, 9];
    expect(thrown(() => loadScoreThresholds(bad))).toMatchObject({ code: 'INVALID_MODEL', path: ['thresholds', 'monetary', 'cuts', 1] });
    const nan = roundTrip(t) as { recency: { bandScores: unknown[] } };
    nan.recency.bandScores = [5, 4, 3, 2, 2];
    expect(thrown(() => applyScoreThresholds(summaries, nan as never)).path).toEqual(['thresholds', 'recency', 'bandScores']);
  });
});

describe('k-means as a saved model', () => {
  const km = kmeansSegments(summaries, { k: 3, seed: 7 });

  it('the model reloads from JSON and places the fitted customers in their clusters', () => {
    expect(km.model).toMatchObject({ kind: 'rfm-kmeans', version: 1, fittedOn: { n: 40, k: 3, seed: 7 } });
    const model = loadKmeansModel(roundTrip(km.model));
    expect(model).toEqual(km.model);
    expect(assignKmeansSegments(summaries, model)).toEqual(km.customers.map((c) => ({ customerId: c.customerId, cluster: c.cluster })));
  });

  it('a new customer lands in the nearest cluster in the fitted feature space', () => {
    const model = loadKmeansModel(roundTrip(km.model));
    const rich = km.clusters[0]!; // highest mean monetary
    const [x] = assignKmeansSegments([{ customerId: 'x', recency: Math.round(rich.meanRecency), frequency: Math.round(rich.meanFrequency), monetary: rich.meanMonetary }], model);
    expect(x!.cluster).toBe(0);
  });

  it('refuses another kind, a newer version, wrong features and centre counts', () => {
    const m = roundTrip(km.model) as Record<string, unknown>;
    expect(thrown(() => loadKmeansModel({ ...m, kind: 'rfm-score-thresholds' }))).toMatchObject({ code: 'INVALID_MODEL', path: ['model', 'kind'] });
    expect(thrown(() => loadKmeansModel({ ...m, version: 99 })).code).toBe('INVALID_MODEL');
    expect(thrown(() => loadKmeansModel({ ...m, features: ['recency', 'frequency', 'monetary'] })).path).toEqual(['model', 'features']);
    expect(thrown(() => loadKmeansModel({ ...m, centers: (m.centers as unknown[]).slice(1) })).path).toEqual(['model', 'fittedOn', 'k']);
    expect(thrown(() => assignKmeansSegments(summaries, { ...m, sd: [1, Number.NaN, 1] } as never)).path).toEqual(['model', 'sd']);
    expect(kmeansSegments([], {}).model).toBeNull();
  });
});
