import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guessColumn } from '../../src/cli/columns.js';
import { EXIT, HELP, main } from '../../src/cli/main.js';
import { runReport } from '../../src/cli/pipeline.js';
import { createProgress, silentProgress } from '../../src/cli/progress.js';
import { CrmError } from '../../src/core/index.js';

const FIXTURE = 'test/fixtures/cli/hostile.csv';
const IMG = '<img src=x onerror=alert(1)>';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'crm-cli-'));

describe('crm-analytics CLI', () => {
  it('--help documents every option and the exit codes', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toBe(HELP);
    for (const flag of ['--out', '--json', '--customer', '--date', '--amount', '--order', '--item', '--as-of', '--date-format', '--delimiter', '--quiet', '--version']) {
      expect(HELP).toContain(flag);
    }
    expect(HELP).toMatch(/0 +report written/);
    expect(HELP).toMatch(/1 +bad input/);
    expect(HELP).toMatch(/2 +usage/);
  });

  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toBe(`crm-analytics ${pkg.version}\n`);
  });

  it.each([
    [[], 'missing command'],
    [['report'], 'missing the CSV file'],
    [['report', FIXTURE], 'missing --out'],
    [['report', FIXTURE, '--out', 'x.html', '--bogus'], 'bogus'],
    [['frobnicate', FIXTURE], 'unknown command'],
    [['report', FIXTURE, '--out', 'x.html', '--date-format', 'ydm'], '--date-format'],
    [['report', FIXTURE, '--out', 'x.html', '--as-of', 'yesterday'], '--as-of'],
    [['report', FIXTURE, 'extra', '--out', 'x.html'], 'unexpected argument'],
  ])('usage error %j exits 2', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
  });

  it('a missing file exits 1 with IO_ERROR', async () => {
    const r = await run(['report', join(dir, 'nope.csv'), '--out', join(dir, 'x.html')]);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toContain('IO_ERROR');
    expect(r.err).toContain('nope.csv');
  });

  it('an unknown column exits 1 and names the column and the header', async () => {
    const r = await run(['report', FIXTURE, '--customer', 'Kunde', '--out', join(dir, 'x.html')]);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toContain('"Kunde"');
    expect(r.err).toContain('--customer');
    expect(r.err).toContain('"Customer ID"');
  });

  it('an empty file exits 1 (no header line)', async () => {
    const f = join(dir, 'empty.csv');
    writeFileSync(f, '');
    const r = await run(['report', f, '--out', join(dir, 'x.html')]);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toContain('no header line');
  });

  it('reads the header of a gzip file and guesses from it', async () => {
    const { gzipSync } = await import('node:zlib');
    const f = join(dir, 'tiny.csv.gz');
    writeFileSync(f, gzipSync('Customer ID;Order Date;Sales\n'));
    const r = await run(['report', f, '--delimiter', ';', '--out', join(dir, 'x.html')]);
    // Header read and all three columns guessed; the file then has no rows: exit 1 with that reason.
    expect(r.err).toContain('guessed --customer "Customer ID"');
    expect(r.err).toContain('guessed --date "Order Date"');
    expect(r.err).toContain('guessed --amount "Sales"');
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toContain('no usable rows');
  });

  it('a column that cannot be guessed exits 1 and says which flag to pass', async () => {
    const f = join(dir, 'odd.csv');
    writeFileSync(f, 'who,when,howmuch\na,2024-01-01,3\n');
    const r = await run(['report', f, '--out', join(dir, 'x.html')]);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toContain('--customer COL');
  });

  it('a column guessed with low confidence exits 1 naming the column and the flag; passing the flag runs', async () => {
    // A bare "id" header may be a row number: the guess is refused rather than used.
    const f = join(dir, 'weak.csv');
    const lines = Array.from({ length: 30 }, (_, i) => `${i + 1},c${i % 7},2024-0${1 + (i % 9)}-1${i % 10},${(i * 3.5 + 1).toFixed(2)}`);
    writeFileSync(f, `id,shopper,date,amount\n${lines.join('\n')}\n`);
    const r = await run(['report', f, '--out', join(dir, 'weak.html')]);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toContain('low-confidence');
    expect(r.err).toContain('--customer "id"');
    expect(r.err).toContain('--customer COL');
    expect(r.out).toBe('');
    const ok = await run(['report', f, '--customer', 'shopper', '--out', join(dir, 'weak.html')]);
    expect(ok.err).not.toContain('low-confidence');
    expect(ok.code).toBe(EXIT.ok);
    expect(ok.out).toContain('7 customers');

    // A well-named column whose sampled values mostly do not fit the field is low-confidence too.
    const g = join(dir, 'notdates.csv');
    writeFileSync(g, `Customer ID,Order Date,Ship Date,Sales\n${Array.from({ length: 25 }, (_, i) => `c${i % 5},week ${i},2024-01-${10 + i},5`).join('\n')}\n`);
    const d = await run(['report', g, '--out', join(dir, 'nd.html')]);
    expect(d.code).toBe(EXIT.badInput);
    expect(d.err).toContain('--date "Order Date"');
    expect(d.err).toMatch(/only 0 of its first 25 values are dates/);
    expect(d.err).toContain('--date COL');
    const fixed = await run(['report', g, '--date', 'Ship Date', '--out', join(dir, 'nd.html')]);
    expect(fixed.code).toBe(EXIT.ok);
  });

  it('a file with no usable row exits 1 naming the first bad line and column', async () => {
    const f = join(dir, 'bad.csv');
    writeFileSync(f, 'customer_id,date,amount\na,2024-01-01,3\nb,2024-02-30,4\n'.replace('a,2024-01-01,3', 'a,not-a-date,3'));
    const r = await run(['report', f, '--out', join(dir, 'x.html')]);
    expect(r.code).toBe(EXIT.badInput);
    expect(r.err).toMatch(/line 2/);
    expect(r.err).toContain('date');
  });

  it('runs the pipeline on the hostile fixture: guesses printed, rejected rows listed by line, output escaped', async () => {
    const out = join(dir, 'report.html');
    const json = join(dir, 'report.json');
    const r = await run(['report', FIXTURE, '--item', 'Product', '--out', out, '--json', json]);
    expect(r.err).not.toContain('internal error');
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toContain('guessed --customer "Customer ID"');
    expect(r.err).toContain('guessed --date "InvoiceDate"');
    expect(r.err).toContain('guessed --amount "Revenue"');
    expect(r.err).toContain('guessed --order "Invoice"');
    expect(r.out).toContain('60 customers');
    expect(r.out).toContain(`HTML report: ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).not.toContain(IMG);
    expect(html).not.toMatch(/<img|<script/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const parsed = JSON.parse(readFileSync(json, 'utf8')) as {
      summary: { customers: number; rejectedRows: number; rows: number };
      report: { sections: Array<{ id: string; tables?: Array<{ id: string; rows: unknown[][] }> }> };
    };
    expect(parsed.summary.customers).toBe(60);
    expect(parsed.summary.rejectedRows).toBe(3);
    const profile = parsed.report.sections.find((s) => s.id === 'profile');
    const examples = profile?.tables?.find((t) => t.id === 'rejected-examples');
    const lineCount = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n').length;
    expect(examples?.rows.map((row) => row[0])).toEqual([lineCount - 2, lineCount - 1, lineCount]);
    expect(examples?.rows.map((row) => row[1])).toEqual(['InvoiceDate', '', 'Revenue']);
    const facts = new Map(profile?.tables?.find((t) => t.id === 'profile-facts')?.rows.map((row) => [row[0], row[1]]));
    expect(facts.get('Rows without a customer id (skipped)')).toBe(1);
    expect(facts.get('Customers')).toBe(60);
    const customers = parsed.report.sections.find((s) => s.id === 'customers')?.tables?.[0];
    expect(customers?.rows).toHaveLength(60);
    expect(customers?.rows.map((row) => row[0])).toContain(IMG);
    // The sections that can run on 60 synthetic customers ran; the others say why they did not.
    const sections = (parsed.summary as unknown as { sections: Array<{ id: string; omitted: boolean; note?: string }> }).sections;
    for (const id of ['profile', 'rfm', 'value', 'lifecycle', 'rules', 'customers']) expect(sections.find((x) => x.id === id)?.omitted).toBe(false);
    for (const x of sections.filter((y) => y.omitted)) expect(x.note).toMatch(/could not be computed|no item column/);
    const rules = parsed.report.sections.find((s) => s.id === 'rules')?.tables?.[0];
    expect(rules?.rows.length).toBeGreaterThan(0);
    expect(rules?.rows.some((row) => String(row[0]).includes(IMG) || String(row[1]).includes(IMG))).toBe(true);
    // The rules CSV download defuses the formula item.
    const csvHref = [...html.matchAll(/download="rules-top\.csv" href="data:text\/csv;charset=utf-8,([^"]*)"/g)][0]?.[1] ?? '';
    const csv = decodeURIComponent(csvHref.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
    expect(csv).toContain('Antecedent,Consequent');
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });

  it('--as-of excludes later rows and is used as the analysis date', async () => {
    const json = join(dir, 'asof.json');
    const r = await run(['report', FIXTURE, '--as-of', '2023-07-01', '--out', join(dir, 'asof.html'), '--json', json, '--quiet']);
    expect(r.code).toBe(EXIT.ok);
    expect(r.err).toBe('');
    const { summary } = JSON.parse(readFileSync(json, 'utf8')) as { summary: { asOf: string; lastDate: string; customers: number } };
    expect(summary.asOf).toBe('2023-07-01');
    expect(summary.lastDate <= '2023-07-01').toBe(true); // asOf is inclusive
    expect(summary.customers).toBeLessThan(60);
  });

  it('a section that fails part-way leaves no trace (columns, summary, P(alive) rolled back) and says why', async () => {
    const run = await runReport({
      file: FIXTURE,
      sections: [
        ['good', 'Good', (ctx) => (ctx.addCustomerColumn('kept', ctx.customers.map(() => 1)), { id: 'good', title: 'Good' })],
        [
          'bad',
          'Bad',
          (ctx) => {
            ctx.addCustomerColumn('leaked', ctx.customers.map(() => 2));
            ctx.summary.totalClv = 123;
            ctx.probabilityAlive = new Map([['C001', 0.5]]);
            throw new CrmError('NUMERIC_DOMAIN', 'the fit did not converge', { path: ['bad'] });
          },
        ],
        ['missing', 'Missing', 'module not there yet'],
        ['after', 'After', (ctx) => ({ id: 'after', title: 'After', paragraphs: [String(ctx.probabilityAlive === undefined)] })],
      ],
    });
    const ids = run.report.sections.map((s) => [s.id, s.omitted === true]);
    expect(ids).toEqual([['profile', false], ['good', false], ['bad', true], ['missing', true], ['after', false], ['customers', false]]);
    expect(run.report.sections[2]?.note).toContain('the fit did not converge');
    expect(run.report.sections[3]?.note).toBe('module not there yet');
    expect(run.report.sections[4]?.paragraphs).toEqual(['true']);
    expect(run.summary.totalClv).toBeNull();
    const columns = run.report.sections.at(-1)?.tables?.[0]?.columns ?? [];
    expect(columns).toContain('kept');
    expect(columns).not.toContain('leaked');
  });

  it('guesses columns ignoring case and punctuation, never picks unit price as amount', () => {
    expect(guessColumn(['Invoice', 'StockCode', 'Price', 'Customer ID'], 'customerId')).toBe('Customer ID');
    expect(guessColumn(['Invoice', 'StockCode', 'Price', 'Customer ID'], 'amount')).toBeUndefined();
    expect(guessColumn(['ORDER_DATE', 'order_id'], 'date')).toBe('ORDER_DATE');
    expect(guessColumn(['order_id', 'Invoice'], 'orderId')).toBe('Invoice');
  });

  it('progress is silent unless the stream is a TTY', () => {
    let written = '';
    const fake = { isTTY: false, write: (s: string) => ((written += s), true) } as unknown as NodeJS.WriteStream;
    const p = createProgress(3, fake);
    expect(p).toBe(silentProgress);
    p.step('a');
    p.stop();
    expect(written).toBe('');
  });

  it('progress draws a cli-progress bar with each step label when the stream is a TTY', () => {
    let written = '';
    const fake = { isTTY: true, columns: 100, write: (s: string) => ((written += s), true), on: () => fake, removeListener: () => fake, off: () => fake, cursorTo: () => true, clearLine: () => true, moveCursor: () => true } as unknown as NodeJS.WriteStream;
    const p = createProgress(3, fake);
    expect(p).not.toBe(silentProgress);
    p.step('reading CSV');
    p.step('RFM segments');
    p.stop();
    expect(written).toContain('reading CSV');
    expect(written).toMatch(/[0-3]\/3/);
  });

  it('the entry point sets the process exit code (real process)', () => {
    const usage = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'report'], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('missing the CSV file');
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'report', 'no-such.csv', '--out', join(dir, 'y.html')], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    // stderr is not a TTY here: no progress bar escape sequences.
    expect(bad.stderr).not.toContain('\u001b[');
  });
});
