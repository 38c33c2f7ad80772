import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGroceries } from '../../src/datasets/index.js';
import { basketCountsSql, basketCountsWithDuckDB } from '../../src/io/index.js';

// Reference: R arules 1.7-10 frequent itemsets of Groceries at support 0.01 (shared/data/baskets/reference,
// copied to test/fixtures/io/groceries_itemsets_s0.01.csv): 88 items and 213 pairs.
const reference = readFileSync(join(__dirname, '..', 'fixtures', 'io', 'groceries_itemsets_s0.01.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const m = /^"\{(.*)\}",(\d+),(\d+),/.exec(line);
    if (m === null) throw new Error(`bad fixture line ${line}`);
    return { items: (m[1] as string).split(',').sort(), size: Number(m[2]), count: Number(m[3]) };
  });

describe('basketCountsWithDuckDB', () => {
  it('Groceries (long CSV of basket,item): the frequent items and pairs of arules at support 0.01', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'crm-basket-')), 'groceries-long.csv');
    const lines = ['basket,item'];
    loadGroceries().forEach((b, i) => {
      for (const item of b) lines.push(`${i},"${item}"`);
    });
    writeFileSync(file, lines.join('\n'));
    const counts = await basketCountsWithDuckDB({ csv: file }, { columns: { basketId: 'basket', item: 'item' }, minSupport: 0.01 });
    expect(counts.baskets).toBe(9_835);
    expect(counts.minCount).toBe(99); // ⌈0.01 · 9835⌉
    const key = (items: readonly string[]) => [...items].sort().join('|');
    const expectedItems = new Map(reference.filter((r) => r.size === 1).map((r) => [key(r.items), r.count]));
    const expectedPairs = new Map(reference.filter((r) => r.size === 2).map((r) => [key(r.items), r.count]));
    expect(new Map(counts.items.map((r) => [r.item, r.count]))).toEqual(expectedItems);
    expect(new Map(counts.pairs.map((r) => [key(r.items), r.count]))).toEqual(expectedPairs);
    expect(counts.items[0]).toEqual({ item: 'whole milk', count: 2_513, support: 2_513 / 9_835 });
    expect(counts.pairs.every((p) => p.items[0] < p.items[1])).toBe(true);
  });

  it('options are checked before DuckDB is touched', async () => {
    await expect(basketCountsWithDuckDB('x.csv', { columns: { basketId: 'b', item: 'i' } })).rejects.toMatchObject({ code: 'INVALID_OPTION', path: ['options', 'minSupport'] });
    await expect(basketCountsWithDuckDB('x.csv', { columns: { basketId: 'b;--', item: 'i' }, minCount: 2 })).rejects.toMatchObject({ code: 'INVALID_OPTION', path: ['options', 'columns', 'basketId'] });
  });
});

describe('basketCountsSql', () => {
  it('minCount is a parameter; identifiers quoted', () => {
    const q = basketCountsSql({ table: 'lines', columns: { basketId: 'order id', item: 'sku' }, minCount: 50 });
    expect(q.items.params).toEqual([50]);
    expect(q.items.sql).toContain('HAVING COUNT(*) >= $1');
    expect(q.pairs.sql).toContain('x.item < y.item');
    expect(q.pairs.params).toEqual([50]);
    expect(q.baskets.sql).toContain('COUNT(DISTINCT basket_id)');
    expect(q.baskets.sql).toContain(`NULLIF(TRIM(CAST("order id" AS VARCHAR)), '')`);
    const spark = basketCountsSql({ table: 'lines', columns: { basketId: 'o', item: 'sku' }, minCount: 5, dialect: 'spark' });
    expect(spark.pairs.params).toEqual([5, 5]);
  });
});
