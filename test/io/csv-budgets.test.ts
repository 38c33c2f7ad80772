// Issue 22: the CSV readers' budgets (maxFieldBytes, maxRecordBytes, maxRows). Each limit fires,
// names its option, and stops reading long before the input ends (nothing is held past it).
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readTransactionsCsv, streamTransactionBatches, summarizeCsv } from '../../src/io/index.js';
import { CsvLimitError, CsvTokenizer, DEFAULT_MAX_FIELD_BYTES, DEFAULT_MAX_RECORD_BYTES } from '../../src/io/csv-tokenizer.js';
import { DEFAULT_MAX_ROWS } from '../../src/io/csv-options.js';
import { rejection } from '../crm-error.js';

const tmp = mkdtempSync(join(tmpdir(), 'crm-io-budget-'));
const COLS = { customerId: 'c', date: 'd', amount: 'a' } as const;
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

function gzFile(name: string, parts: Array<string | Buffer>): string {
  const f = join(tmp, name);
  writeFileSync(f, gzipSync(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))), { level: 9 }));
  return f;
}

describe('CSV budgets', () => {
  it('the defaults are 16 MiB per field, 64 MiB per record, 10 million kept rows', () => {
    expect(DEFAULT_MAX_FIELD_BYTES).toBe(16 * 1024 * 1024);
    expect(DEFAULT_MAX_RECORD_BYTES).toBe(64 * 1024 * 1024);
    expect(DEFAULT_MAX_ROWS).toBe(10_000_000);
  });

  it('an endless quoted field (a small gzip of 48 MB) stops at the default maxFieldBytes with RECORD_TOO_LARGE', async () => {
    const f = gzFile('endless.csv.gz', ['c,d,a\nc1,2024-01-01,"', Buffer.alloc(48 * 1024 * 1024, 0x61)]);
    const t0 = performance.now();
    const e = await rejection(readTransactionsCsv(f, { columns: COLS }));
    expect(e.code).toBe('RECORD_TOO_LARGE');
    expect(e.path).toEqual(['options', 'maxFieldBytes']);
    expect(e.message).toContain('options.maxFieldBytes');
    expect(e.message).toContain('line 2');
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('an unquoted endless field stops at a small maxFieldBytes; raising it lets the same file through', async () => {
    const big = 'x'.repeat(300_000);
    const f = gzFile('long-field.csv.gz', [`c,d,a\nc1,2024-01-01,1\n${big},2024-01-02,2\n`]);
    const e = await rejection(readTransactionsCsv(f, { columns: COLS, maxFieldBytes: 100_000 }));
    expect(e.path).toEqual(['options', 'maxFieldBytes']);
    expect((e.data as { line: number }).line).toBe(3);
    const ok = await readTransactionsCsv(f, { columns: COLS, maxFieldBytes: 300_000 });
    expect(ok.rows.map((r) => r.customerId.length)).toEqual([2, 300_000]);
  });

  it('maxRecordBytes counts the whole record: many short fields add up', async () => {
    const wide = Array.from({ length: 5000 }, (_, i) => `f${i}`).join(',');
    const f = gzFile('wide.csv.gz', [`c,d,a,${wide}\nc1,2024-01-01,1,${wide}\n`]);
    const e = await rejection(readTransactionsCsv(f, { columns: COLS, maxRecordBytes: 20_000 }));
    expect(e.code).toBe('RECORD_TOO_LARGE');
    expect(e.path).toEqual(['options', 'maxRecordBytes']);
    expect((await readTransactionsCsv(f, { columns: COLS })).rows).toHaveLength(1);
  });

  it.runIf(existsSync('/dev/zero'))('reading /dev/zero ends with RECORD_TOO_LARGE instead of running forever', async () => {
    const e = await rejection(readTransactionsCsv('/dev/zero', { columns: { customerId: 0, date: 1, amount: 2 }, header: false }));
    expect(e.code).toBe('RECORD_TOO_LARGE');
    expect(e.path).toEqual(['options', 'maxFieldBytes']);
  });

  it('maxRows: BUDGET_EXCEEDED naming the option once more data rows arrive; the streaming readers have no default row limit', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => `c${i % 7},2024-01-0${1 + (i % 9)},1.5`).join('\n');
    const f = gzFile('rows.csv.gz', [`c,d,a\n${rows}\n`]);
    const e = await rejection(readTransactionsCsv(f, { columns: COLS, maxRows: 1999 }));
    expect(e.code).toBe('BUDGET_EXCEEDED');
    expect(e.path).toEqual(['options', 'maxRows']);
    expect(e.message).toContain('options.maxRows');
    expect((await readTransactionsCsv(f, { columns: COLS, maxRows: 2000 })).rows).toHaveLength(2000);
    let n = 0;
    for await (const b of streamTransactionBatches(f, { columns: COLS })) n += b.length;
    expect(n).toBe(2000);
    const s = await rejection(summarizeCsv(f, { columns: COLS, asOf: '2024-02-01', maxRows: 10 }));
    expect(s.path).toEqual(['options', 'maxRows']);
  });

  it('budgets are checked options: unknown keys get a did-you-mean, zero and fractions are refused', async () => {
    const f = gzFile('tiny.csv.gz', ['c,d,a\nc1,2024-01-01,1\n']);
    const e = await rejection(readTransactionsCsv(f, { columns: COLS, maxRow: 5 } as never));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toContain('did you mean "maxRows"');
    for (const bad of [0, 1.5, -1, Number.NaN]) {
      const b = await rejection(readTransactionsCsv(f, { columns: COLS, maxFieldBytes: bad }));
      expect(b.path).toEqual(['options', 'maxFieldBytes']);
    }
    const d = await rejection(readTransactionsCsv(f, { columns: COLS, delimiter: '' }));
    expect(d.path).toEqual(['options', 'delimiter']);
    const q = await rejection(readTransactionsCsv(f, { columns: COLS, delimiter: '"' }));
    expect(q.path).toEqual(['options', 'delimiter']);
  });

  it('property: the tokenizer throws maxFieldBytes exactly when some field is longer than the limit, whatever the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 50 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 17 }),
        (records, limit, quoted, chunk) => {
          const width = records[0]!.length;
          const rows = records.map((r) => Array.from({ length: width }, (_, i) => r[i % r.length]!));
          const text = rows.map((r) => r.map((len) => (quoted ? `"${'q'.repeat(len)}"` : 'u'.repeat(len))).join(',')).join('\n');
          const fieldBytes = (len: number): number => len; // quotes are not part of the field's bytes
          const over = rows.some((r) => r.some((len) => fieldBytes(len) > limit));
          const bytes = Buffer.from(text);
          let got: unknown;
          const tok = new CsvTokenizer({ onRecord: () => undefined, maxFieldBytes: limit, strictFieldCount: false });
          try {
            for (let i = 0; i < bytes.length; i += chunk) tok.write(bytes.subarray(i, i + chunk));
            tok.end();
          } catch (e) {
            got = e;
          }
          if (over) {
            expect(got).toBeInstanceOf(CsvLimitError);
            expect((got as CsvLimitError).option).toBe('maxFieldBytes');
          } else expect(got).toBeUndefined();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('property: nothing is held past the budget: an incomplete field is refused before its pending bytes pass limit + one chunk', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 5000 }), fc.integer({ min: 1, max: 997 }), (limit, chunk) => {
        let fed = 0;
        const tok = new CsvTokenizer({ onRecord: () => undefined, maxFieldBytes: limit, maxRecordBytes: 10 * limit });
        const piece = Buffer.alloc(chunk, 0x7a);
        let got: unknown;
        try {
          tok.write(Buffer.from('"'));
          for (let i = 0; i < 100_000 && fed <= 4 * limit + 2 * chunk; i++) {
            tok.write(piece);
            fed += chunk;
          }
        } catch (e) {
          got = e;
        }
        expect(got).toBeInstanceOf(CsvLimitError);
        expect(fed).toBeLessThanOrEqual(limit + chunk + 2);
      }),
      { numRuns: RUNS },
    );
  });
});
