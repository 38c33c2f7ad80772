/**
 * fitTree / predictProba / predict / applyTree on a column table ({ columns }: one array per field)
 * give exactly what they give on the same data as row objects, and bad tables are CrmErrors.
 */
import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import { applyTree, fitTree, predict, predictProba, type ColumnTable } from '../../src/churn/index.js';
import { loadTelco } from './helpers.js';
import { thrown } from '../crm-error.js';

function columnsOf<T extends object>(rows: readonly T[], fields: readonly string[]): Record<string, unknown[]> {
  return Object.fromEntries(fields.map((f) => [f, rows.map((r) => (r as Record<string, unknown>)[f])]));
}


describe('fitTree on a column table', () => {
  const telco = loadTelco();
  const train = telco.rows.slice(0, 5634);
  const test = telco.rows.slice(5634);

  it('Telco one-hot: the same tree and predictions as from row objects (object and Map tables, typed arrays)', () => {
    const options = { target: 'Churn', features: telco.columns, categorical: [] as string[], maxDepth: 5 };
    const fromRows = fitTree(train, options);
    const record = columnsOf(train, [...telco.columns, 'Churn']);
    expect(fitTree({ columns: record }, options).nodes).toEqual(fromRows.nodes);
    const typed = new Map(Object.entries(record).map(([k, v]) => [k, Float64Array.from(v as number[])]));
    expect(fitTree({ columns: typed }, options).nodes).toEqual(fromRows.nodes);
    const testTable: ColumnTable = { columns: columnsOf(test, telco.columns) };
    expect(predictProba(fromRows, testTable)).toEqual(predictProba(fromRows, test));
    expect(predict(fromRows, testTable)).toEqual(predict(fromRows, test));
    expect(applyTree(fromRows, testTable)).toEqual(applyTree(fromRows, test));
  });

  it('Telco native categoricals and default features (every column but the target)', () => {
    const raw = telco.raw.slice(0, 2000);
    const fields = Object.keys(raw[0] as object);
    const fromRows = fitTree(raw, { target: 'Churn', maxDepth: 4 });
    const fromTable = fitTree({ columns: columnsOf(raw, fields) }, { target: 'Churn', maxDepth: 4 });
    expect(fromTable.nodes).toEqual(fromRows.nodes);
    expect(fromTable.features).toEqual(fromRows.features);
  });

  it('any column name, "__proto__" included, with a Map', () => {
    const columns = new Map<string, unknown[]>([
      ['__proto__', [1, 2, 3, 10, 11, 12]],
      ['y', ['a', 'a', 'a', 'b', 'b', 'b']],
    ]);
    const tree = fitTree({ columns }, { target: 'y' });
    expect(tree.nodes[0]?.split?.featureName).toBe('__proto__');
    expect(predict(tree, { columns: new Map([['__proto__', [0, 20]]]) })).toEqual(['a', 'b']);
  });

  it('bad tables: columns of different lengths, a missing column, a bad value, an empty table', () => {
    const len = thrown(() => fitTree({ columns: { x: [1, 2, 3], y: [0, 1] } }, { target: 'y' }));
    expect(len.code).toBe('INVALID_INPUT');
    expect(len.path).toEqual(['columns', 'y']);
    const target = thrown(() => fitTree({ columns: { x: [1, 2] } }, { target: 'y', features: ['x'] }));
    expect(target.path).toEqual(['columns', 'y']);
    const feature = thrown(() => fitTree({ columns: { x: [1, 2], y: [0, 1] } }, { target: 'y', features: ['x', 'z'] }));
    expect(feature.path).toEqual(['columns', 'z']);
    const value = thrown(() => fitTree({ columns: { x: [1, '2'], y: [0, 1] } }, { target: 'y', categorical: [] }));
    expect(value.path).toEqual([1, 'x']);
    const nan = thrown(() => fitTree({ columns: { x: [1, Number.NaN], y: [0, 1] } }, { target: 'y', missing: 'error' }));
    expect(nan.path).toEqual([1, 'x']);
    const empty = thrown(() => fitTree({ columns: { x: [], y: [] } }, { target: 'y' }));
    expect(empty.path).toEqual(['rows']);
    const notArray = thrown(() => fitTree({ columns: { x: 5 as unknown as number[], y: [0, 1] } }, { target: 'y' }));
    expect(notArray.path).toEqual(['columns', 'x']);
    const missingAtPredict = thrown(() => predict(fitTree({ columns: { x: [1, 2, 9, 10], y: [0, 0, 1, 1] } }, { target: 'y' }), { columns: { z: [1] } }));
    expect(missingAtPredict.path).toEqual([0, 'x']);
  });
});
