/**
 * The @example blocks of summarizeWithPostgres, basketCountsWithPostgres, summarizeWithClickHouse
 * and basketCountsWithClickHouse run as written (with tsx, importing 'crm-analytics/io'), against
 * the servers of .ci/engines.sh: the tables they name are created here from the bundled data.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGroceries, loadOnlineRetailInvoices } from '../../src/datasets/index.js';
import { CH_URLS, chClient, pgPool, PG_URL } from './servers.js';

const run = promisify(execFile);
const root = join(__dirname, '..', '..');

function examples(file: string): string[] {
  const text = readFileSync(join(root, 'src', 'io', file), 'utf8');
  return [...text.matchAll(/@example\n \* ```ts\n([\s\S]*?) \* ```/g)].map((m) => (m[1] as string).replace(/^ \* ?/gm, ''));
}

const retail = loadOnlineRetailInvoices();
const lines: [string, string][] = [];
loadGroceries().forEach((b, i) => {
  for (const item of b) lines.push([`o${i}`, item]);
});

beforeAll(async () => {
  const pool = pgPool();
  await pool.query('CREATE SCHEMA IF NOT EXISTS sales; DROP TABLE IF EXISTS sales.invoices; DROP TABLE IF EXISTS order_lines');
  await pool.query('CREATE TABLE sales.invoices (customer_id text, invoice text, invoice_date timestamp, revenue numeric(12,2))');
  await pool.query('CREATE TABLE order_lines (order_id text, sku text)');
  for (let s = 0; s < retail.length; s += 2000) {
    const chunk = retail.slice(s, s + 2000);
    await pool.query(`INSERT INTO sales.invoices VALUES ${chunk.map((_r, i) => `($${4 * i + 1}, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4})`).join(', ')}`, chunk.flatMap((r) => [r.customerId, r.orderId, r.date, r.amount]));
  }
  for (let s = 0; s < lines.length; s += 4000) {
    const chunk = lines.slice(s, s + 4000);
    await pool.query(`INSERT INTO order_lines VALUES ${chunk.map((_r, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ')}`, chunk.flat());
  }
  await pool.end();
  const ch = chClient(CH_URLS()[0]);
  await ch.command({ query: 'CREATE DATABASE IF NOT EXISTS sales' });
  await ch.command({ query: 'DROP TABLE IF EXISTS sales.invoices_all' });
  await ch.command({ query: 'DROP TABLE IF EXISTS order_lines' });
  await ch.command({ query: 'CREATE TABLE sales.invoices_all (customer_id String, invoice String, invoice_date DateTime, revenue Float64) ENGINE = MergeTree ORDER BY customer_id' });
  await ch.command({ query: 'CREATE TABLE order_lines (order_id String, sku String) ENGINE = MergeTree ORDER BY order_id' });
  await ch.insert({
    table: 'sales.invoices_all',
    values: retail.map((r) => ({ customer_id: r.customerId, invoice: r.orderId, invoice_date: Math.floor(Date.parse(`${r.date}Z`) / 1000), revenue: r.amount })),
    format: 'JSONEachRow',
  });
  await ch.insert({ table: 'order_lines', values: lines.map(([order_id, sku]) => ({ order_id, sku })), format: 'JSONEachRow' });
  await ch.close();
});

const dir = mkdtempSync(join(root, '.engines-examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function runExample(name: string, code: string): Promise<string> {
  const file = join(dir, `${name}.ts`);
  // The only edit: the ClickHouse URL of the example points at the test server.
  writeFileSync(file, `${code.replace('http://localhost:8123', CH_URLS()[0])}\nconsole.log('example done');\n`);
  const { stdout } = await run('npx', ['tsx', file], { cwd: root, timeout: 120_000, env: { ...process.env, DATABASE_URL: PG_URL() } });
  return stdout;
}

describe('the engine helpers run as their JSDoc examples say', () => {
  it.each([
    ['postgres.ts', 2],
    ['clickhouse.ts', 2],
  ] as const)('%s: %i examples', async (file, count) => {
    const blocks = examples(file);
    expect(blocks).toHaveLength(count);
    for (const [k, code] of blocks.entries()) {
      expect(code).toContain("from 'crm-analytics/io'");
      expect(await runExample(`${file.replace('.ts', '')}-${k}`, code)).toContain('example done');
    }
  });
});
