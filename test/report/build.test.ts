// Issue 20.4/20.5: the report as a library (buildReport, writeReport, customerTable, toCsv) with
// one inclusive as-of for every section (issue 16.2).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOnlineRetailInvoices } from '../../src/datasets/index.js';
import { summarize } from '../../src/rfm/index.js';
import { buildReport, customerTable, toCsv, writeReport } from '../../src/report/index.js';
import { MODEL_SECTIONS } from '../../src/report/sections/index.js';
import { rejection, thrown } from '../crm-error.js';
import { createRandom } from '../../src/core/random.js';

const dir = mkdtempSync(join(tmpdir(), 'crm-report-build-'));
const rows = loadOnlineRetailInvoices().map((r) => ({ customerId: r.customerId, date: r.date, amount: r.amount, orderId: r.orderId }));
const ONLY = (ids: string[]) => MODEL_SECTIONS.filter(([id]) => ids.includes(id));

describe('buildReport', () => {
  it('builds from rows with one inclusive as-of: RFM recency in the customer table equals rfm.summarize at that as-of', async () => {
    const asOf = '2010-11-30';
    const later = rows.filter((r) => String(r.date).slice(0, 10) > asOf).length;
    expect(later).toBeGreaterThan(0);
    const e = await rejection(buildReport(rows, { asOf, sections: ONLY(['rfm']) }));
    expect(e.path).toEqual(['options', 'asOf']);
    expect(e.message).toContain("afterAsOf: 'exclude'");
    const built = await buildReport(rows, { asOf, afterAsOf: 'exclude', sections: ONLY(['rfm']), generatedAt: '2026-01-01T00:00:00Z' });
    expect(built.summary.asOf).toBe(asOf);
    expect(built.sections.map((s) => s.id)).toEqual(['profile', 'rfm', 'customers']);
    const facts = new Map(built.sections[0]!.tables![0]!.rows.map((r) => [r[0], r[1]]));
    expect(facts.get('Rows after the as-of date (excluded)')).toBe(later);
    const kept = rows.filter((r) => String(r.date).slice(0, 10) <= asOf);
    const want = new Map(summarize(kept, { asOf }).map((s) => [s.customerId, s]));
    expect(built.customers).toHaveLength(want.size);
    for (const c of built.customers.slice(0, 200)) {
      const s = want.get(c.customerId)!;
      expect(c.lastPurchase).toBe(new Date(Date.parse(`${asOf}T00:00:00Z`) - s.recency * 86_400_000).toISOString().slice(0, 10));
      expect(c.orders).toBe(s.frequency);
      expect(c.revenue).toBeCloseTo(s.monetary, 6);
    }
    expect(built.html).toContain('<!doctype html>');
    expect(built.html).toContain(`as of ${asOf}`);
  }, 120_000);

  it('accepts a TransactionTable and refuses unknown options', async () => {
    const e = await rejection(buildReport(rows, { asof: '2010-01-01' } as never));
    expect(e.message).toContain('did you mean "asOf"');
    expect((await rejection(buildReport([], {}))).code).toBe('INVALID_INPUT');
  });

  it('writeReport writes HTML and JSON atomically and refuses the same file twice', async () => {
    const built = await buildReport(rows.slice(0, 3000), { sections: [], generatedAt: '2026-01-01T00:00:00Z' });
    const out = join(dir, 'r.html');
    const json = join(dir, 'r.json');
    await writeReport(built, { out, json });
    expect(readFileSync(out, 'utf8')).toBe(built.html);
    const data = JSON.parse(readFileSync(json, 'utf8')) as { summary: { asOf: string }; customers: unknown[] };
    expect(data.summary.asOf).toBe(built.summary.asOf);
    expect(data.customers).toHaveLength(built.customers.length);
    expect(readdirSync(dir).sort()).toEqual(['r.html', 'r.json']);
    expect((await rejection(writeReport(built, { out, json: join(dir, '.', 'r.html') }))).path).toEqual(['options', 'json']);
  });
});

describe('customerTable and toCsv', () => {
  it('joins by customer id, one row per customer in id order, nulls where a part has no value; "__proto__" is an ordinary id', () => {
    const t = customerTable({
      summaries: [
        { customerId: 'b', recency: 3, frequency: 2, monetary: 40 },
        { customerId: '__proto__', recency: 9, frequency: 1, monetary: 5 },
      ],
      scores: [{ customerId: 'b', recency: 5, r: 4, segment: 'Champions', tags: ['x', 'y'], nested: { a: 1 } }],
      churn: new Map([
        ['a', 0.8],
        ['b', 0.12],
      ]),
    });
    expect(t.map((r) => r.customerId)).toEqual(['__proto__', 'a', 'b']);
    expect(t[2]).toEqual({ customerId: 'b', recency: 3, frequency: 2, monetary: 40, 'scores.recency': 5, r: 4, segment: 'Champions', tags: 'x; y', churn: 0.12 });
    expect(t[1]).toMatchObject({ customerId: 'a', recency: null, churn: 0.8 });
    expect(Object.getPrototypeOf(t[0])).toBe(Object.prototype);
    expect(thrown(() => customerTable({ bad: [{ id: 1 }] as never })).path).toEqual(['parts', 'bad', 0, 'customerId']);
  });

  it('toCsv(rows) writes every key and defuses formulas; numbers stay numbers', () => {
    const csv = toCsv([
      { customerId: '=HYPERLINK("x")', clv: -12.5 },
      { customerId: '@evil', segment: '+1, a' },
    ]);
    expect(csv).toBe(`customerId,clv,segment\r\n"'=HYPERLINK(""x"")",-12.5,\r\n'@evil,,"'+1, a"\r\n`);
    expect(toCsv(['a'], [['-x']])).toBe("a\r\n'-x\r\n");
  });
});

describe('the report on data with no dropout (issue 18: boundary diagnostic)', () => {
  it('shows the BG/NBD boundary diagnostic and reports CLV from the limit model instead of stopping', async () => {
    // 400 customers buying as Poisson processes for a year and never leaving: BG/NBD's a → 0.
    const rng = createRandom(18);
    const synthetic: Array<{ customerId: string; date: string; amount: number; orderId: string }> = [];
    const start = Date.parse('2024-01-01T00:00:00Z');
    const iso = (day: number) => new Date(start + day * 86_400_000).toISOString().slice(0, 10);
    for (let c = 0; c < 400; c++) {
      const perWeek = rng.gamma(2, 1 / 4);
      let t = 0;
      let k = 0;
      synthetic.push({ customerId: `c${c}`, date: iso(c % 28), amount: 20 + (c % 7), orderId: `o${c}-${k++}` });
      for (;;) {
        t += -Math.log(1 - rng.next()) / perWeek;
        const day = (c % 28) + Math.floor(t * 7);
        if (day > 7 * 52) break;
        synthetic.push({ customerId: `c${c}`, date: iso(day), amount: 20 + ((c + k) % 11), orderId: `o${c}-${k++}` });
      }
    }
    const built = await buildReport(synthetic, { asOf: iso(7 * 52), sections: ONLY(['clv']), generatedAt: '2026-01-01T00:00:00Z' });
    const clv = built.sections.find((s) => s.id === 'clv')!;
    const boundary = clv.paragraphs!.find((p) => p.startsWith('Boundary:'));
    expect(boundary).toMatch(/a, b/);
    expect(boundary).toMatch(/limit model/);
    expect(built.html).toContain('Boundary: the BG/NBD estimate ran to a limit');
    expect(Number.isFinite(built.summary.totalClv) && (built.summary.totalClv as number) > 0).toBe(true);
  }, 120_000);
});
