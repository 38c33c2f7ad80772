import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  calibrationVsHoldoutChart,
  cumulativeTrackingChart,
  featureImportanceChart,
  gainsChart,
  lifecycleStagesChart,
  lorenzChart,
  periodTransactionsChart,
  probabilityAliveMatrixChart,
  rfmHeatmapChart,
  rocChart,
  rulesScatterChart,
  segmentSizesChart,
  toHtml,
  toSvg,
  valueMatrixChart,
  type VegaLiteSpec,
} from '../../src/charts/index.js';
import { loadRenderer } from '../../src/charts/render.js';
import { bgNbd, cumulativeTracking, periodTransactions, probabilityAliveMatrix } from '../../src/clv/index.js';
import { CrmError } from '../../src/core/index.js';
import { evaluate } from '../../src/churn/index.js';
import { gini, lorenzCurve, valueMatrix } from '../../src/rfm/index.js';
import { rejection, thrown } from '../crm-error.js';

const hostile = '<img src=x onerror=alert(1)>';
const BG = { r: 0.24, alpha: 4.4, a: 0.79, b: 2.4 };

type Layered = { layer: Array<{ data: { values: Array<Record<string, unknown>> } }> };
const dataOf = (spec: VegaLiteSpec): Array<Record<string, unknown>> => (spec['data'] as { values: Array<Record<string, unknown>> }).values;
const layerData = (spec: VegaLiteSpec, k: number): Array<Record<string, unknown>> => (spec as unknown as Layered).layer[k]?.data.values ?? [];
const subtitle = (spec: VegaLiteSpec): string | undefined => (spec['title'] as { subtitle?: string }).subtitle;

describe('BTYD diagnostics charts', () => {
  const data = [
    { frequency: 0, recency: 0, T: 30 },
    { frequency: 2, recency: 20, T: 30 },
    { frequency: 9, recency: 28, T: 29 },
  ];

  it('periodTransactionsChart draws clv.periodTransactions row by row and labels the open last bin k+', () => {
    const rows = periodTransactions(bgNbd, BG, data, { maxFrequency: 3 });
    const values = dataOf(periodTransactionsChart(rows));
    expect(values.map((v) => v['repeatPurchases'])).toEqual(['0', '0', '1', '1', '2', '2', '3+', '3+']);
    rows.forEach((r, k) => {
      expect(values[2 * k]).toMatchObject({ source: 'actual', customers: r.actual });
      expect(values[2 * k + 1]).toMatchObject({ source: 'model', customers: r.expected });
    });
  });

  it('calibrationVsHoldoutChart keeps the model means and customer counts', () => {
    const rows = [
      { frequency: 0, orMore: false, customers: 4, actual: 0.25, expected: 0.3 },
      { frequency: 7, orMore: true, customers: 2, actual: 5, expected: 4.1 },
    ];
    const values = dataOf(calibrationVsHoldoutChart(rows));
    expect(values).toEqual([
      { calibrationPurchases: '0', source: 'actual', purchases: 0.25, customers: 4 },
      { calibrationPurchases: '0', source: 'model', purchases: 0.3, customers: 4 },
      { calibrationPurchases: '7+', source: 'actual', purchases: 5, customers: 2 },
      { calibrationPurchases: '7+', source: 'model', purchases: 4.1, customers: 2 },
    ]);
  });

  it('cumulativeTrackingChart places a holdout date on the t axis through the points', () => {
    const tx = [
      { customerId: 'a', date: '2024-01-01', amount: 5 },
      { customerId: 'a', date: '2024-02-01', amount: 5 },
      { customerId: 'b', date: '2024-01-08', amount: 5 },
    ];
    const points = cumulativeTracking(bgNbd, BG, tx, { asOf: '2024-03-01', unit: 'week' });
    const spec = cumulativeTrackingChart(points, { holdoutStart: '2024-02-05' });
    // t = days since the cohort's first purchase (2024-01-01) / 7.
    expect(layerData(spec, 1)[0]?.['t']).toBeCloseTo(35 / 7, 12);
    expect(layerData(cumulativeTrackingChart(points, { holdoutStart: 2.5 }), 1)[0]?.['t']).toBe(2.5);
    const inc = layerData(cumulativeTrackingChart(points, { incremental: true }), 0);
    expect(inc.filter((v) => v['source'] === 'actual').map((v) => v['purchases'])).toEqual(points.map((p) => p.actualIncrement));
    expect(thrown(() => cumulativeTrackingChart(points, { holdoutStart: 'soon' })).path).toEqual(['options', 'holdoutStart']);
  });

  it('clv.probabilityAliveMatrix is the model’s P(alive) on a frequency × recency grid at the largest T', () => {
    const m = probabilityAliveMatrix(bgNbd, BG, data);
    expect(m.T).toBe(30);
    expect(m.maxFrequency).toBe(9);
    expect(m.cells.filter((c) => c.frequency === 0)).toEqual([{ frequency: 0, recency: 0, probabilityAlive: 1 }]);
    expect(m.cells).toHaveLength(1 + 9 * 31);
    const cell = m.cells.find((c) => c.frequency === 4 && c.recency === 12);
    expect(cell?.probabilityAlive).toBe(bgNbd.probabilityAlive(BG, { frequency: 4, recency: 12, T: 30 }));
    // Higher recency (a more recent last purchase) means more likely alive.
    const row = m.cells.filter((c) => c.frequency === 4).map((c) => c.probabilityAlive);
    for (let j = 1; j < row.length; j++) expect(row[j]).toBeGreaterThanOrEqual((row[j - 1] as number) - 1e-12);
    const small = probabilityAliveMatrix(bgNbd, BG, data, { maxFrequency: 2, T: 10, recencySteps: 5 });
    expect(small.cells).toHaveLength(1 + 2 * 6);
    expect(small.cells.at(-1)).toMatchObject({ frequency: 2, recency: 10 });
    expect(thrown(() => probabilityAliveMatrix(bgNbd, BG, data, { maxFrequncy: 2 } as never)).message).toMatch(/did you mean "maxFrequency"/);
    const spec = probabilityAliveMatrixChart(m, { unitLabel: 'weeks' });
    expect(spec['title']).toBe('P(alive) by frequency and recency (T = 30 weeks)');
    expect(dataOf(spec)).toHaveLength(m.cells.length);
  });
});

describe('value and concentration charts use the rfm module’s numbers', () => {
  const summaries = [
    { customerId: 'a', frequency: 1, monetary: 10, recency: 5 },
    { customerId: 'b', frequency: 2, monetary: 300, recency: 5 },
    { customerId: 'c', frequency: 3, monetary: 60, recency: 5 },
    { customerId: 'd', frequency: 10, monetary: 3000, recency: 5 },
    { customerId: 'e', frequency: 4, monetary: 80, recency: 400 },
    { customerId: hostile, frequency: 2, monetary: -5, recency: 1 },
  ];

  it('valueMatrixChart draws the matrix’s own (mean) cuts, not a median of its own', () => {
    const vm = valueMatrix(summaries, { activeWithinDays: 365 });
    const spec = valueMatrixChart(vm);
    expect(layerData(spec, 1)[0]?.['cut']).toBe(vm.frequencyCut);
    expect(layerData(spec, 2)[0]?.['cut']).toBe(vm.averageOrderValueCut);
    const drawn = layerData(spec, 0);
    // 'e' is inactive (not placed), the hostile id has a negative AOV (not drawable on log axes).
    expect(drawn.map((p) => p['customerId'])).toEqual(['a', 'b', 'c', 'd']);
    expect(drawn.find((p) => p['customerId'] === 'd')).toEqual({ customerId: 'd', quadrant: 'best', frequency: 10, averageOrderValue: 300 });
    expect(subtitle(spec)).toMatch(/1 with a value ≤ 0 not drawn/);
    expect(layerData(valueMatrixChart(vm, { logScale: false }), 0)).toHaveLength(5);
    const thinned = valueMatrixChart(vm, { maxPoints: 2 });
    expect(layerData(thinned, 0).map((p) => p['customerId'])).toEqual(['a', 'c']);
    expect(subtitle(thinned)).toMatch(/1 customer in 2 shown/);
    const median = valueMatrix(summaries, { split: 'median' });
    expect(layerData(valueMatrixChart(median), 1)[0]?.['cut']).toBe(median.frequencyCut);
  });

  it('lorenzChart draws rfm.lorenzCurve thinned to maxPoints (ends kept) and shows the Gini it is given', () => {
    const values = Array.from({ length: 1000 }, (_, i) => ((i * 7919) % 1000) ** 2);
    const curve = lorenzCurve(values);
    const spec = lorenzChart(curve, { gini: gini(values), maxPoints: 11 });
    const drawn = layerData(spec, 1);
    expect(drawn).toHaveLength(11);
    expect(drawn[0]).toEqual({ customerShare: 0, valueShare: 0 });
    expect(drawn.at(-1)).toEqual({ customerShare: 1, valueShare: 1 });
    expect(drawn[5]).toEqual(curve[500]);
    expect(subtitle(spec)).toBe(`Gini = ${gini(values).toFixed(3)}`);
    expect(lorenzChart(lorenzCurve([1, 2]))['title']).toBe('Lorenz curve of customer value');
    expect(thrown(() => lorenzChart([{ customerShare: 0, valueShare: 0.5 }, { customerShare: 1, valueShare: 0.2 }])).path).toEqual(['points', 1]);
  });

  it('rfmHeatmapChart averages the summaries’ monetary per R × F cell (joined on customerId), or counts customers', () => {
    const scores = [
      { customerId: 'a', r: 1, f: 2, m: 1, rfm: '121' },
      { customerId: 'b', r: 1, f: 2, m: 3, rfm: '123' },
      { customerId: 'c', r: 5, f: 5, m: 1, rfm: '551' },
    ];
    const sums = [{ customerId: 'c', monetary: 7 }, { customerId: 'a', monetary: 10 }, { customerId: 'b', monetary: 30 }];
    expect(dataOf(rfmHeatmapChart(scores, sums))).toEqual([
      { r: 1, f: 2, meanMonetary: 20, customers: 2 },
      { r: 5, f: 5, meanMonetary: 7, customers: 1 },
    ]);
    expect(dataOf(rfmHeatmapChart(scores))).toEqual([
      { r: 1, f: 2, customers: 2 },
      { r: 5, f: 5, customers: 1 },
    ]);
    expect(thrown(() => rfmHeatmapChart(scores, sums.slice(1))).path).toEqual(['scores', 2, 'customerId']);
  });
});

describe('segments, rules and churn charts', () => {
  it('segmentSizesChart keeps the input order when asked; lifecycleStagesChart keeps the lifecycle order', () => {
    const rows = [{ segment: '1 orders', customers: 5 }, { segment: '2 orders', customers: 9 }];
    const y = (spec: VegaLiteSpec): unknown => (spec['encoding'] as { y: { sort: unknown } }).y.sort;
    expect(y(segmentSizesChart(rows))).toBe('-x');
    expect(y(segmentSizesChart(rows, { sort: 'input' }))).toEqual(['1 orders', '2 orders']);
    const stages = lifecycleStagesChart({ asOf: '2024-01-01', distribution: [{ stage: 'new', count: 3, share: 0.3 }, { stage: 'lost', count: 7, share: 0.7 }] });
    expect(y(stages)).toEqual(['new', 'lost']);
    expect(stages['title']).toBe('Customers per lifecycle stage as of 2024-01-01');
  });

  it('rulesScatterChart keeps the highest-lift rules beyond maxRules', () => {
    const rules = [1.1, 3, 2, 0.9].map((lift, i) => ({ antecedent: [`a${i}`], consequent: ['x'], support: 0.1, confidence: 0.5, lift }));
    const spec = rulesScatterChart(rules, { maxRules: 2 });
    expect(dataOf(spec).map((v) => v['lift'])).toEqual([3, 2]);
    expect(subtitle(spec)).toBe('top 2 of 4 rules by lift');
    expect(dataOf(rulesScatterChart(rules))).toHaveLength(4);
  });

  it('featureImportanceChart leaves out zero importances unless asked', () => {
    const rows = [{ feature: 'tenure', importance: 0.7 }, { feature: 'charges', importance: 0.3 }, { feature: 'unused', importance: 0 }];
    expect(dataOf(featureImportanceChart(rows)).map((v) => v['feature'])).toEqual(['tenure', 'charges']);
    expect(dataOf(featureImportanceChart(rows, { includeZero: true }))).toHaveLength(3);
    expect(thrown(() => featureImportanceChart([{ feature: 'x', importance: 0 }])).message).toMatch(/includeZero/);
  });

  it('rocChart and gainsChart draw churn.evaluate as it is, with its own AUC', () => {
    const ev = evaluate(['Yes', 'No', 'Yes', 'No', 'Yes', 'No'], [0.9, 0.2, 0.4, 0.6, 0.8, 0.1], { positive: 'Yes' });
    const roc = rocChart(ev);
    expect(subtitle(roc)).toBe(`AUC = ${(ev.rocAuc as number).toFixed(3)}`);
    expect(layerData(roc, 1).map((p) => [p['fpr'], p['tpr']])).toEqual(ev.roc.map((p) => [p.fpr, p.tpr]));
    const gains = layerData(gainsChart(ev), 1);
    expect(gains).toHaveLength(ev.deciles.length + 1);
    expect(gains[0]).toMatchObject({ population: 0, gain: 0 });
    expect(gains.at(-1)).toMatchObject({ population: 1, gain: 1 });
    // A share one ulp above 1 (a sum of fractions) is clamped; clearly out of range is an error.
    expect(layerData(rocChart({ roc: [{ fpr: 0, tpr: 1.0000000000000009 }], rocAuc: null }), 1)[0]?.['tpr']).toBe(1);
    expect(rocChart({ roc: [{ fpr: 0, tpr: 0 }], rocAuc: null })['title']).toBe('ROC curve');
    expect(thrown(() => rocChart({ roc: [{ fpr: 0, tpr: 1.5 }] })).path).toEqual(['roc', 0, 'tpr']);
  });
});

describe('options and bad input', () => {
  it('unknown options are a CrmError with a did-you-mean', () => {
    const e = thrown(() => segmentSizesChart([{ segment: 'a', customers: 1 }], { titel: 'x' } as never));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.path).toEqual(['options', 'titel']);
    expect(e.message).toMatch(/did you mean "title"/);
  });

  it('rejects bad input with a CrmError naming the field', () => {
    const bad: Array<[() => unknown, ReadonlyArray<string | number>]> = [
      [() => rfmHeatmapChart([{ customerId: 'a', r: 1.5, f: 1 }]), ['scores', 0, 'r']],
      [() => rfmHeatmapChart([{ customerId: 'a', r: 1, f: 1 }], [{ customerId: 'a', monetary: Number.NaN }]), ['summaries', 0, 'monetary']],
      [() => segmentSizesChart([]), ['rows']],
      [() => segmentSizesChart([{ segment: 3 as unknown as string, customers: 1 }]), ['rows', 0, 'segment']],
      [() => rulesScatterChart([{ antecedent: [], consequent: ['x'], support: 0.1, confidence: 0.1, lift: 1 }]), ['rules', 0, 'antecedent']],
      [() => rulesScatterChart([{ antecedent: ['a'], consequent: ['x'], support: 1.1, confidence: 0.1, lift: 1 }]), ['rules', 0, 'support']],
      [() => gainsChart({ n: 1, deciles: [{ decile: 1, cumulativeCount: 1, gain: 1 }] }, { width: -1 }), ['options', 'width']],
      [() => featureImportanceChart('x' as unknown as []), ['rows']],
      [() => periodTransactionsChart([{ frequency: -1, actual: 1, expected: 1 }]), ['rows', 0, 'frequency']],
      [() => probabilityAliveMatrixChart({ T: 3, cells: [{ frequency: 1, recency: 1, probabilityAlive: 2 }] }), ['matrix', 'cells', 0, 'probabilityAlive']],
      [() => valueMatrixChart({ split: 'mean', frequencyCut: null, averageOrderValueCut: null, customers: [] }), ['matrix', 'frequencyCut']],
    ];
    for (const [fn, path] of bad) expect(thrown(fn).path).toEqual(path);
  });

  it('does not mutate its inputs', () => {
    const rows = Object.freeze([Object.freeze({ segment: 'b', customers: 1 }), Object.freeze({ segment: 'a', customers: 2 })]);
    expect(() => segmentSizesChart(rows)).not.toThrow();
    const curve = Object.freeze(lorenzCurve([3, 1, 2]).map((p) => Object.freeze(p)));
    expect(() => lorenzChart(curve, { maxPoints: 2 })).not.toThrow();
  });
});

describe('toSvg / toHtml', () => {
  afterEach(() => {
    vi.doUnmock('vega-lite');
    vi.resetModules();
  });

  it('escapes text from the data and refuses to fetch URLs', async () => {
    const svg = await toSvg(segmentSizesChart([{ segment: hostile, customers: 2 }]));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img');
    const err = await rejection(toSvg({ $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { url: 'https://example.com/x.csv' }, mark: 'point' }));
    expect(err.code).toBe('IO_ERROR');
    expect((await rejection(toSvg({ $schema: 'x', mark: 'no-such-mark' }))).code).toBe('INVALID_INPUT');
  });

  it('toHtml: one figure per spec, an escaped title, no script', async () => {
    const html = await toHtml([segmentSizesChart([{ segment: 'a', customers: 1 }]), lorenzChart(lorenzCurve([1, 2, 3]))], { title: hostile });
    expect(html.match(/<figure class="chart"><svg/g)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<script/i);
    expect((await rejection(toHtml([], { titel: 'x' } as never))).path).toEqual(['options', 'titel']);
  });

  it('a missing vega or vega-lite is a MISSING_DEPENDENCY error naming the package and the install command', async () => {
    const missing = (name: string) => () => Promise.reject(Object.assign(new Error(`Cannot find package '${name}'`), { code: 'ERR_MODULE_NOT_FOUND' }));
    const e = await rejection(loadRenderer({ vega: () => import('vega'), 'vega-lite': missing('vega-lite') }));
    expect(e.code).toBe('MISSING_DEPENDENCY');
    expect(e.message).toContain('vega-lite');
    expect(e.message).toContain('npm install vega vega-lite');
    expect((await rejection(loadRenderer({ vega: missing('vega'), 'vega-lite': () => import('vega-lite') }))).path).toEqual(['vega']);
    // End to end: the real dynamic import of an unavailable module.
    vi.doMock('vega-lite', () => {
      throw new Error("Cannot find package 'vega-lite'");
    });
    vi.resetModules();
    const fresh = await import('../../src/charts/index.js');
    // (A fresh module graph has its own CrmError class: check the code, not instanceof.)
    const err: unknown = await fresh.toSvg(fresh.segmentSizesChart([{ segment: 'a', customers: 1 }])).then(() => undefined, (e: unknown) => e);
    expect((err as CrmError).code).toBe('MISSING_DEPENDENCY');
    expect((err as CrmError).message).toContain('npm install vega vega-lite');
  });
});

describe('one implementation of each measure', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const p = join(dir, name);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });

  it('the Gini, the Lorenz curve and the value matrix are computed only in src/rfm', () => {
    const defining = files('src').filter((f) => /function\s+(gini|lorenzCurve|lorenzPoints|valueMatrix)\s*[(<]/.test(readFileSync(f, 'utf8')));
    expect(defining.sort()).toEqual([join('src', 'rfm', 'lorenz.ts'), join('src', 'rfm', 'value-matrix.ts')]);
  });

  it('the CLI, the report and the charts compute no BTYD diagnostic of their own (they call clv’s)', () => {
    const dirs = ['cli', 'report', 'charts'].map((d) => join('src', d));
    const uses = dirs.flatMap(files).filter((f) => /probabilityOfPurchases|conditionalExpectedPurchases|expectedPurchases\(/.test(readFileSync(f, 'utf8')));
    expect(uses).toEqual([]);
  });

  it('vega and vega-lite are imported only by src/charts/render.ts and the report chart worker, and only dynamically', () => {
    const staticImport = /(?:^|\n)\s*import\s+(?!type\b)[^;]*from\s+['"]vega(?:-lite)?['"]/;
    const mentions = files('src').filter((f) => /['"]vega(?:-lite)?['"]/.test(readFileSync(f, 'utf8')));
    // The worker (src/report/chart-worker.ts) resolves the peers for a worker thread and falls back to render.ts's toSvg.
    expect(mentions.sort()).toEqual([join('src', 'charts', 'render.ts'), join('src', 'report', 'chart-worker.ts')].sort());
    for (const f of mentions) expect(staticImport.test(readFileSync(f, 'utf8'))).toBe(false);
  });
});
