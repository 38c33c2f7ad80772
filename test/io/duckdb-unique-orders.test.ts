/**
 * summarizeWithDuckDB skips the exact distinct count of order ids when it can prove every order id
 * distinct (ordersAreUnique: a sample, then a bitmap over the ids' numeric tails). The proof must
 * never accept ids that repeat, and the records must equal rfm.summarize either way.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { createRandom } from '../../src/core/index.js';
import { summarizeWithDuckDB } from '../../src/io/index.js';
import { ordersAreUniqueIn } from '../../src/io/duckdb.js';
import { summarize } from '../../src/rfm/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'crm-duck-unique-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const COLUMNS = { customerId: 'c', orderId: 'o', date: 'd', amount: 'a' };

interface Row {
  customerId: string;
  orderId: string;
  date: string;
  amount: number;
}

/** n rows, customers c0…c(n/20), order ids from `orderId(i)`, dates over 2024. */
function rows(n: number, orderId: (i: number) => string, seed = 7): Row[] {
  const rng = createRandom(seed);
  const out: Row[] = [];
  for (let i = 0; i < n; i++) {
    const day = new Date(Date.UTC(2024, 0, 1 + rng.int(360))).toISOString().slice(0, 10);
    out.push({ customerId: `c${rng.int(Math.max(1, n / 20))}`, orderId: orderId(i), date: day, amount: rng.int(10_000) / 100 });
  }
  return out;
}

function write(name: string, data: Row[]): string {
  const file = join(tmp, `${name}.csv`);
  writeFileSync(file, ['c,o,d,a', ...data.map((r) => `${r.customerId},"${r.orderId}",${r.date},${r.amount}`)].join('\n'));
  return file;
}

/** rfm.summarize on the same rows (blank order ids are missing, as the CSV readers make them). */
function expected(data: Row[], orderKey: 'auto' | 'orderId' = 'auto') {
  return summarize(
    data.map(({ orderId, ...r }) => (orderId.trim() === '' ? r : { ...r, orderId: orderId.trim() })),
    { asOf: '2024-12-31', orderKey },
  );
}

async function check(name: string, data: Row[], unique: false | 'all' | 'some'): Promise<void> {
  const file = write(name, data);
  expect(await ordersAreUniqueIn(file, 'o')).toBe(unique);
  const actual = await summarizeWithDuckDB(file, { columns: COLUMNS, asOf: '2024-12-31' });
  expect(actual).toEqual(expected(data));
}

describe('one order per row: proved, or the exact count runs', () => {
  it('distinct ids with a prefix and a number: proved; the records equal rfm.summarize', async () => {
    await check('sequential', rows(5000, (i) => `INV-${1000 + i}`), 'all');
  });

  it('distinct ids in random order, padded with spaces, with blank ids on some rows: proved', async () => {
    const rng = createRandom(3);
    const ids = Array.from({ length: 4000 }, (_, i) => i * 7 + 11);
    for (let i = ids.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [ids[i], ids[j]] = [ids[j] as number, ids[i] as number];
    }
    const data = rows(4000, (i) => (i % 97 === 0 ? '' : i % 13 === 0 ? ` ${ids[i]} ` : String(ids[i])));
    await check('shuffled', data, 'some');
    // orderKey 'orderId' takes the same proof (no blank ids allowed there).
    const withIds = data.filter((r) => r.orderId.trim() !== '');
    const file = write('shuffled-ids', withIds);
    expect(await summarizeWithDuckDB(file, { columns: COLUMNS, asOf: '2024-12-31', orderKey: 'orderId' })).toEqual(expected(withIds, 'orderId'));
  });

  it('order lines (an id on several rows): not proved, exact count', async () => {
    await check('lines', rows(3000, (i) => `O${Math.floor(i / 3)}`), false);
  });

  it('a repeat after the sample (70,000 rows, the last id repeats the first): not proved, exact count', async () => {
    const data = rows(70_000, (i) => `O${i}`, 11);
    const last = data[data.length - 1] as Row;
    data[data.length - 1] = { ...last, customerId: data[0]!.customerId, orderId: 'O0' };
    await check('late-repeat', data, false);
  });

  it('distinct ids whose numbers collide (A1 and B1) or an id padded to equal another: not proved, exact', async () => {
    await check('collide', rows(2000, (i) => `${i % 2 === 0 ? 'A' : 'B'}${Math.floor(i / 2)}`), false);
    const padded = rows(2000, (i) => `O${i}`);
    padded[1999] = { ...padded[1999]!, customerId: padded[5]!.customerId, orderId: ' O5 ' };
    await check('padded', padded, false);
  });

  it('ids without a numeric tail, or with tails of different lengths of prefix: not proved, exact', async () => {
    await check('text', rows(1000, (i) => `order-${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26) % 26)}x${Math.floor(i / 676)}z`), false);
    await check('prefixes', rows(1000, (i) => (i % 2 === 0 ? `A${i}` : `BB${i}`)), false);
  });

  it('numbers spread wider than the first bitmap: the exact range is tried; wider than the largest: exact count', async () => {
    // 2,000 ids 100,000 apart: a range of 2·10⁸ > 2^27 bits, < 2^28 → proved on the second try.
    await check('wide', rows(2000, (i) => `W${i * 100_000}`), 'all');
    // 10⁹ apart: a range of 2·10¹² bits, too wide for a bitmap → exact count.
    await check('wider', rows(2000, (i) => `W${i * 1_000_000_000}`), false);
  });
});
