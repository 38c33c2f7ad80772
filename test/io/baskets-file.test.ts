import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CrmError } from '../../src/core/index.js';
import { readBasketsFile } from '../../src/io/index.js';

const fixture = (name: string) => join(__dirname, '..', 'fixtures', 'io', name);
const GROCERIES = join(__dirname, '..', '..', 'data', 'groceries.csv.gz');
const tmp = mkdtempSync(join(tmpdir(), 'crm-baskets-'));

describe('readBasketsFile', () => {
  it('reads the bundled Groceries with the shape in shared/data/baskets/README (9,835 baskets, 169 items, 43,367 occurrences)', async () => {
    const baskets = await readBasketsFile(GROCERIES);
    expect(baskets).toHaveLength(9_835);
    expect(baskets.reduce((s, b) => s + b.length, 0)).toBe(43_367);
    const items = new Set(baskets.flat());
    expect(items.size).toBe(169);
    expect(Math.max(...baskets.map((b) => b.length))).toBe(32);
    // The arules spelling "cream cheese " is trimmed.
    expect(baskets[3]).toEqual(['pip fruit', 'yogurt', 'cream cheese', 'meat spreads']);
    expect([...items].some((i) => i !== i.trim())).toBe(false);
  });

  it('FIMI .dat: splits on any whitespace, drops empty tokens and blank lines, handles CRLF, dedupes', async () => {
    expect(await readBasketsFile(fixture('small.dat'))).toEqual([['1', '2', '3'], ['3', '4'], ['5', '6']]);
    expect(await readBasketsFile(fixture('small.dat'), { dedupe: false })).toEqual([['1', '2', '3'], ['3', '3', '4'], ['5', '6']]);
    expect(await readBasketsFile(fixture('small.dat'), { keepEmpty: true })).toEqual([['1', '2', '3'], [], ['3', '4'], ['5', '6']]);
  });

  it('csv: quoted names with commas, trimmed fields, empty fields dropped; auto-detected from content', async () => {
    const expected = [['a', 'b', 'c'], ['d, with comma', 'e'], ['b', 'a']];
    expect(await readBasketsFile(fixture('small-baskets.txt'))).toEqual(expected);
    expect(await readBasketsFile(fixture('small-baskets.txt'), { format: 'csv' })).toEqual(expected);
    // Forced to 'dat', the same file splits on blanks instead.
    expect((await readBasketsFile(fixture('small-baskets.txt'), { format: 'dat' }))[0]).toEqual(['a,', 'b', ',c']);
  });

  it('gzip by magic bytes; ";" delimiter', async () => {
    const file = join(tmp, 'b.txt');
    writeFileSync(file, gzipSync('x;y\nz\n'));
    expect(await readBasketsFile(file, { delimiter: ';' })).toEqual([['x', 'y'], ['z']]);
  });

  it('truncated gzip is an IO_ERROR (dat and csv)', async () => {
    const body = Array.from({ length: 5000 }, (_, i) => `${i} ${i + 1} ${i * 7}`).join('\n');
    const gz = gzipSync(body);
    for (const name of ['t.dat.gz', 't.csv.gz']) {
      const file = join(tmp, name);
      writeFileSync(file, gz.subarray(0, gz.length - 10));
      await expect(readBasketsFile(file)).rejects.toMatchObject({ code: 'IO_ERROR' });
    }
  });

  it('errors: missing file is IO_ERROR, bad options INVALID_OPTION', async () => {
    await expect(readBasketsFile(join(tmp, 'missing.dat'))).rejects.toMatchObject({ code: 'IO_ERROR' });
    await expect(readBasketsFile(GROCERIES, { format: 'xml' as 'csv' })).rejects.toMatchObject({ code: 'INVALID_OPTION', path: ['options', 'format'] });
    await expect(readBasketsFile(GROCERIES, { dedup: false } as never)).rejects.toMatchObject({ code: 'INVALID_OPTION', path: ['options', 'dedup'], message: expect.stringContaining('did you mean "dedupe"?') });
    await expect(readBasketsFile(GROCERIES, { delimiter: '' })).rejects.toMatchObject({ code: 'INVALID_OPTION', path: ['options', 'delimiter'] });
    await expect(readBasketsFile(GROCERIES, { delimiter: '123456789' })).rejects.toMatchObject({ code: 'INVALID_OPTION', path: ['options', 'delimiter'] });
    await expect(readBasketsFile(GROCERIES, { keepEmpty: 'yes' as never })).rejects.toMatchObject({ code: 'INVALID_OPTION', path: ['options', 'keepEmpty'] });
    const bad = join(tmp, 'bad.csv');
    writeFileSync(bad, 'a,"b\n');
    const e = await readBasketsFile(bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CrmError);
    expect((e as CrmError).code).toBe('IO_ERROR');
  });
});
