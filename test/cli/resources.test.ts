// Issue 22, "the hardening suite grows to match": the CLI on hostile files, in a real process under
// a heap cap (--max-old-space-size) and a timeout. Each case must end by itself with a clean exit
// (1 with a one-line message naming the problem and the option or flag), quickly, with bounded
// memory, and leave the input untouched. The 22-item baskets are valid data: the report is written
// with its rules section bounded (exit 0).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'crm-cli-res-'));
const HEAP_MB = 384;
const RSS_CAP_MB = 900;

/** A gzip of `members` concatenated gzip members (RFC 1952 §2.2 allows several; gunzip reads them all). */
function multiMember(head: string, block: Buffer, members: number): Buffer {
  const one = gzipSync(block, { level: 9 });
  return Buffer.concat([gzipSync(head), ...Array.from({ length: members }, () => one)]);
}

describe('the CLI on hostile files (real process, capped heap, timeout)', () => {
  it('every case ends cleanly, fast, within memory, with the input unchanged', () => {
    const out = (n: string) => join(dir, `${n}.html`);
    // 1. ~3 MB of gzip holding one 3 GB line (3,000 members of 1 MiB of 'a').
    const bomb = join(dir, 'bomb.csv.gz');
    writeFileSync(bomb, multiMember('Customer ID,InvoiceDate,Revenue\n', Buffer.alloc(1 << 20, 0x61), 3000));
    // 2. An endless quoted field: 200 MiB inside one quote.
    const endless = join(dir, 'endless.csv.gz');
    writeFileSync(endless, multiMember('Customer ID,InvoiceDate,Revenue\nc1,2024-01-01,"', Buffer.alloc(1 << 20, 0x62), 200));
    // 3. A gzip of valid rows (4.2 million rows in ~1 MB), against --max-rows.
    const rowsBomb = join(dir, 'rows.csv.gz');
    const block = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `c${i % 500},2024-01-${String(1 + (i % 28)).padStart(2, '0')},1.50\n`).join(''));
    writeFileSync(rowsBomb, multiMember('Customer ID,InvoiceDate,Revenue\n', block, 210));
    // 4. 100 orders, two of which share 22 items (4 million frequent itemsets unbounded).
    const items = Array.from({ length: 22 }, (_, i) => `item${i}`);
    const lines = ['Customer ID,Invoice,InvoiceDate,Revenue,Product'];
    for (let o = 0; o < 100; o++) {
      const basket = o < 2 ? items : [`solo${o}`, `solo${o + 1}`];
      for (const it of basket) lines.push(`c${o % 40},o${o},2024-0${1 + (o % 9)}-1${o % 10},2.00,${it}`);
    }
    const baskets = join(dir, 'baskets.csv');
    writeFileSync(baskets, `${lines.join('\n')}\n`);
    // 5. Epoch-millisecond dates: as ISO every row is rejected; as epoch-ms they span 270,000 years.
    const epoch = join(dir, 'epoch.csv');
    writeFileSync(epoch, `Customer ID,InvoiceDate,Revenue\n${Array.from({ length: 60 }, (_, i) => `c${i % 7},${i === 59 ? 8_640_000_000_000_000 : 1_700_000_000_000 + i * 86_400_000},3`).join('\n')}\n`);
    const before = new Map([bomb, endless, rowsBomb, baskets, epoch].map((f) => [f, readFileSync(f)]));

    const cases = [
      { name: 'bomb', args: ['report', bomb, '--out', out('bomb')], code: 1, message: /RECORD_TOO_LARGE.*maxFieldBytes/ },
      { name: 'endless', args: ['report', endless, '--out', out('endless')], code: 1, message: /RECORD_TOO_LARGE.*line 2/ },
      { name: 'rows', args: ['report', rowsBomb, '--out', out('rows'), '--max-rows', '300000'], code: 1, message: /BUDGET_EXCEEDED.*--max-rows/ },
      { name: 'baskets', args: ['report', baskets, '--item', 'Product', '--out', out('baskets')], code: 0, message: /^$/ },
      { name: 'epoch-iso', args: ['report', epoch, '--out', out('epoch-iso')], code: 1, message: /low-confidence.*InvoiceDate.*--date-format/ },
      { name: 'epoch-ms', args: ['report', epoch, '--date-format', 'epoch-ms', '--out', out('epoch-ms')], code: 1, message: /more than 100 years.*--date-format/ },
      ...(existsSync('/dev/zero') ? [{ name: 'dev-zero', args: ['report', '/dev/zero', '--out', out('zero')], code: 1, message: /INVALID_INPUT/ }] : []),
    ];
    const t0 = performance.now();
    const child = spawnSync(
      process.execPath,
      [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', 'test/cli/hostile-runner.ts', JSON.stringify(cases.map(({ name, args }) => ({ name, args: [...args, '--quiet'] })))],
      { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 24 },
    );
    const wall = performance.now() - t0;
    expect(child.error).toBeUndefined();
    expect(child.signal).toBeNull();
    expect(child.status, child.stderr).toBe(0);
    const results = child.stdout.trim().split('\n').map((l) => JSON.parse(l) as { name: string; code: number; err: string; ms: number; rssMb: number });
    expect(results.map((r) => r.name)).toEqual(cases.map((c) => c.name));
    for (const [i, r] of results.entries()) {
      const c = cases[i]!;
      expect({ name: r.name, code: r.code }).toEqual({ name: c.name, code: c.code });
      expect(r.err, r.name).toMatch(c.message);
      // One line, no raw control characters, no echo of the file's contents.
      expect(r.err.trimEnd().split('\n').length, r.name).toBeLessThanOrEqual(1);
      expect(r.err.length, r.name).toBeLessThan(600);
      expect(r.err).not.toMatch(/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/);
      expect(r.ms, r.name).toBeLessThan(20_000);
      expect(r.rssMb, r.name).toBeLessThan(RSS_CAP_MB);
      if (c.code === 1) expect(existsSync(out(c.name === 'dev-zero' ? 'zero' : c.name))).toBe(false);
    }
    for (const [f, bytes] of before) expect(readFileSync(f).equals(bytes)).toBe(true);
    expect(wall).toBeLessThan(60_000);
  }, 90_000);
});
