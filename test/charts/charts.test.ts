import { describe, expect, it } from 'vitest';
import * as vl from 'vega-lite';
import {
  VEGA_LITE_SCHEMA,
  calibrationHoldout,
  cumulativeTracking,
  featureImportance,
  frequencyRecencyMatrix,
  gainsChart,
  lorenzCurve,
  lorenzPoints,
  periodTransactions,
  rfmHeatmap,
  rocCurve,
  rulesScatter,
  segmentSizes,
  valueMatrix,
  type VegaLiteSpec,
} from '../../src/charts/index.js';
import { CrmError } from '../../src/core/index.js';
import { renderSvg } from '../../src/report/render.js';

const hostile = '<img src=x onerror=alert(1)>';

/** Every builder with a small but realistic input. */
const cases: Array<[string, () => VegaLiteSpec]> = [
  ['rfmHeatmap', () => rfmHeatmap([1, 2, 3, 4, 5].flatMap((r) => [1, 2, 3].map((f) => ({ r, f, monetary: r * 10 + f })))) ],
  ['segmentSizes', () => segmentSizes([{ segment: 'Champions', customers: 10, revenue: 1000 }, { segment: hostile, customers: 3 }])],
  ['lorenzCurve', () => lorenzCurve([1, 2, 3, 50, 100])],
  ['valueMatrix', () => valueMatrix([{ frequency: 1, averageValue: 10, quadrant: 'Low', customerId: '__proto__' }, { frequency: 8, averageValue: 300, quadrant: 'High' }])],
  ['frequencyRecencyMatrix', () => frequencyRecencyMatrix([0, 1, 2].flatMap((x) => [0, 5, 10].map((t) => ({ frequency: x, recency: t, value: x === 0 ? 1 : t / 10 }))))],
  ['periodTransactions', () => periodTransactions([0, 1, 2, 3].map((k) => ({ repeatTransactions: k, actual: 100 / (k + 1), expected: 95 / (k + 1) })))],
  ['calibrationHoldout', () => calibrationHoldout([0, 1, 2].map((k) => ({ calibrationFrequency: k, actual: k * 0.5, predicted: k * 0.45, customers: 5 })))],
  ['cumulativeTracking', () => cumulativeTracking([1, 2, 3, 4].map((p) => ({ period: p, actual: p * p, expected: p * p + 1 })), { holdoutStart: 3 })],
  ['rulesScatter', () => rulesScatter([{ antecedent: [hostile], consequent: ['=HYPERLINK("x")'], support: 0.1, confidence: 0.5, lift: 2 }, { antecedent: ['a', 'b'], consequent: ['c'], support: 0.05, confidence: 0.8, lift: 3.1 }])],
  ['featureImportance', () => featureImportance([{ feature: 'tenure', importance: 0.7 }, { feature: 'charges', importance: 0.3 }])],
  ['rocCurve', () => rocCurve([{ fpr: 0, tpr: 0 }, { fpr: 0.3, tpr: 0.8 }, { fpr: 1, tpr: 1 }])],
  ['gainsChart', () => gainsChart([{ population: 0, gain: 0 }, { population: 0.3, gain: 0.7 }, { population: 1, gain: 1 }])],
];

describe('chart specs', () => {
  it.each(cases)('%s is plain JSON, compiles with vega-lite and renders a non-empty SVG', async (_name, build) => {
    const spec = build();
    expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
    const compiled = vl.compile(spec as unknown as vl.TopLevelSpec).spec;
    expect(compiled.marks?.length ?? 0).toBeGreaterThan(0);
    const svg = await renderSvg(spec);
    const m = /<svg[^>]*width="(\d+(?:\.\d+)?)"[^>]*height="(\d+(?:\.\d+)?)"/.exec(svg);
    expect(m).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThan(50);
    expect(Number(m?.[2])).toBeGreaterThan(50);
    expect(svg).toMatch(/<path|<rect|<line/);
    expect(svg).not.toContain('<img');
  });

  it('rfmHeatmap aggregates the mean monetary value per R × F cell', () => {
    const spec = rfmHeatmap([
      { r: 1, f: 2, monetary: 10 },
      { r: 1, f: 2, monetary: 30 },
      { r: 5, f: 5, monetary: 7 },
    ]);
    expect((spec['data'] as { values: unknown[] }).values).toEqual([
      { r: 1, f: 2, meanMonetary: 20, customers: 2 },
      { r: 5, f: 5, meanMonetary: 7, customers: 1 },
    ]);
  });

  it('lorenzPoints gives the textbook Gini (2Σ i·x_(i) / (nΣx) − (n+1)/n) and an exact curve', () => {
    const xs = [5, 1, 97, 1, 1, 40, 3];
    const s = [...xs].sort((a, b) => a - b);
    const n = s.length;
    const total = s.reduce((a, b) => a + b, 0);
    const textbook = (2 * s.reduce((acc, x, i) => acc + (i + 1) * x, 0)) / (n * total) - (n + 1) / n;
    const { gini, points } = lorenzPoints(xs);
    expect(gini).toBeCloseTo(textbook, 12);
    expect(points[0]).toEqual({ customerShare: 0, valueShare: 0 });
    expect(points.at(-1)).toEqual({ customerShare: 1, valueShare: 1 });
    expect(points[1]?.valueShare).toBeCloseTo(1 / total, 12);
    expect(lorenzPoints([2, 2, 2, 2]).gini).toBeCloseTo(0, 12);
    const many = lorenzPoints(Array.from({ length: 10_000 }, (_, i) => i), 11).points;
    expect(many).toHaveLength(11);
    expect(many[5]?.customerShare).toBeCloseTo(0.5, 12);
  });

  it('rocCurve computes the trapezoid AUC unless given', () => {
    const spec = rocCurve([{ fpr: 1, tpr: 1 }, { fpr: 0, tpr: 0 }, { fpr: 0.5, tpr: 1 }]);
    // area = 0.5·(0+1)/2 + 0.5·(1+1)/2 = 0.75
    expect((spec['title'] as { subtitle: string }).subtitle).toBe('AUC = 0.750');
    expect((rocCurve([{ fpr: 0, tpr: 0 }], { auc: 0.9 })['title'] as { subtitle: string }).subtitle).toBe('AUC = 0.900');
  });

  it('valueMatrix splits at the medians by default and at given cuts otherwise', () => {
    const pts = [1, 2, 3, 10].map((f) => ({ frequency: f, averageValue: f * 10 }));
    const layers = valueMatrix(pts)['layer'] as Array<{ data: { values: Array<{ cut: number }> } }>;
    expect(layers[1]?.data.values[0]?.cut).toBe(2.5);
    expect(layers[2]?.data.values[0]?.cut).toBe(25);
    const given = valueMatrix(pts, { frequencyCut: 4, averageValueCut: 100 })['layer'] as typeof layers;
    expect(given[1]?.data.values[0]?.cut).toBe(4);
  });

  it('segmentSizes keeps the input order when asked (ordered bins)', () => {
    const rows = [{ segment: '1 orders', customers: 5 }, { segment: '2 orders', customers: 9 }];
    const y = (spec: VegaLiteSpec): unknown => ((spec['encoding'] as Record<string, { sort: unknown }>)['y'] as { sort: unknown }).sort;
    expect(y(segmentSizes(rows))).toBe('-x');
    expect(y(segmentSizes(rows, { sort: 'input' }))).toEqual(['1 orders', '2 orders']);
  });

  it('lorenzPoints agrees with the rfm module on the Gini of a skewed sample (two implementations, one definition)', async () => {
    const { gini } = await import('../../src/rfm/index.js');
    const values = Array.from({ length: 500 }, (_, i) => ((i * 7919) % 1000) ** 2 / 1000);
    expect(lorenzPoints(values).gini).toBeCloseTo(gini(values), 12);
  });

  it('does not mutate its inputs', () => {
    const rows = Object.freeze([Object.freeze({ segment: 'b', customers: 1 }), Object.freeze({ segment: 'a', customers: 2 })]);
    expect(() => segmentSizes(rows)).not.toThrow();
    const vals = Object.freeze([3, 1, 2]);
    lorenzPoints(vals);
    expect(vals).toEqual([3, 1, 2]);
  });

  it('rejects bad input with a CrmError naming the field', () => {
    const bad: Array<[() => unknown, ReadonlyArray<string | number>]> = [
      [() => rfmHeatmap([{ r: 1, f: 1, monetary: Number.NaN }]), ['rows', 0, 'monetary']],
      [() => rfmHeatmap([{ r: 1.5, f: 1, monetary: 1 }]), ['rows', 0, 'r']],
      [() => segmentSizes([]), ['rows']],
      [() => segmentSizes([{ segment: 3 as unknown as string, customers: 1 }]), ['rows', 0, 'segment']],
      [() => lorenzPoints([1, -1]), ['values', 1]],
      [() => lorenzPoints([0, 0]), ['values']],
      [() => rulesScatter([{ antecedent: [], consequent: ['x'], support: 0.1, confidence: 0.1, lift: 1 }]), ['rules', 0, 'antecedent']],
      [() => rulesScatter([{ antecedent: ['a'], consequent: ['x'], support: 1.1, confidence: 0.1, lift: 1 }]), ['rules', 0, 'support']],
      [() => rocCurve([{ fpr: 0, tpr: 2 }]), ['points', 0, 'tpr']],
      [() => valueMatrix([{ frequency: 0, averageValue: 1 }]), ['points', 0, 'frequency']],
      [() => gainsChart([{ population: 0, gain: 0 }], { width: -1 }), ['options', 'width']],
      [() => featureImportance('x' as unknown as []), ['rows']],
    ];
    for (const [fn, path] of bad) {
      let err: unknown;
      try {
        fn();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CrmError);
      expect((err as CrmError).path).toEqual(path);
    }
  });
});
