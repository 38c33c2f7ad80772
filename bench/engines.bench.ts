/**
 * `npm run bench -- engines`: the RFM summary (orderKey 'auto') of one generated order-line file on
 * every path side by side — in memory (readTransactionsCsv + rfm.summarize), io.summarizeCsv,
 * summarizeWithDuckDB, summarizeWithPostgres and summarizeWithClickHouse on a two-shard cluster
 * (Distributed table), printed as one table with a column per size. Sizes: CRM_ENGINE_ROWS
 * (comma-separated, default "1000000,10000000"). The in-memory path is skipped above
 * CRM_ENGINE_MEMORY_MAX rows (default 10,000,000; it holds every row, ≈ 3.5 GB at 10⁷). Without the
 * servers (CRM_PG_URL, CRM_CH_URL) the bench starts them itself through .ci/engines.sh and stops
 * them at the end.
 * Node-side paths run in child processes (own peak RSS); engine times are the client's wall time
 * for the whole helper (schema read, checks query, summary query, records), loading excluded.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, chmodSync, createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createRandom } from '../src/core/index.js';
import { ms } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const COLUMNS = { customerId: 'customer_id', date: 'date', amount: 'amount', orderId: 'order_id' };
const AS_OF = '2023-12-31';

/** Order lines: 1–8 lines per order (one customer, one timestamp), N/40 customers, two years. */
async function generate(file: string, rows: number): Promise<void> {
  const rng = createRandom(20_261_207);
  const out = createWriteStream(file);
  const start = Date.UTC(2022, 0, 1) / 86_400_000;
  const customers = Math.max(1000, Math.round(rows / 40));
  out.write('customer_id,order_id,date,amount\n');
  let buf = '';
  for (let i = 0, order = 0; i < rows; order++) {
    const lines = 1 + rng.int(8);
    const customer = rng.int(customers);
    const iso = new Date((start + rng.int(730)) * 86_400_000 + rng.int(86_400) * 1000).toISOString().slice(0, 19);
    for (let j = 0; j < lines && i < rows; j++, i++) {
      buf += `C${customer},O${order},${iso},${(rng.int(100_000) / 100).toFixed(2)}\n`;
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
        buf = '';
      }
    }
  }
  out.end(buf);
  await new Promise<void>((r) => out.on('finish', () => r()));
}

interface Measured {
  ms: number;
  rssMb: number;
  customers: number;
  monetary: number;
}

/** One path in a fresh Node process. */
function child(code: string): Measured {
  const src = pathToFileURL(join(here, '..', 'src')).href;
  const script = `
    const io = await import('${src}/io/index.ts');
    const rfm = await import('${src}/rfm/index.ts');
    await import('@duckdb/node-api');
    const pg = (await import('pg')).default;
    const { createClient, ClickHouseLogLevel } = await import('@clickhouse/client');
    const t0 = performance.now();
    ${code}
    const t = performance.now() - t0;
    const monetary = result.reduce((s, r) => s + r.monetary, 0);
    console.log(JSON.stringify({ ms: t, rssMb: process.resourceUsage().maxRSS / 1024, customers: result.length, monetary }));
    process.exit(0);`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 26, env: process.env });
  return JSON.parse(out.trim().split('\n').pop() as string) as Measured;
}

async function loadPostgres(file: string): Promise<number> {
  const pg = (await import('pg')).default;
  const pool = new pg.Pool({ connectionString: process.env.CRM_PG_URL });
  const t0 = performance.now();
  await pool.query('DROP TABLE IF EXISTS bench_lines');
  await pool.query('CREATE UNLOGGED TABLE bench_lines (customer_id text, order_id text, date timestamp, amount numeric(12,2))');
  // Server-side COPY: the cluster's superuser reads the (world-readable) file itself.
  await pool.query(`COPY bench_lines FROM '${file.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`);
  await pool.query('ANALYZE bench_lines');
  await pool.end();
  return performance.now() - t0;
}

async function loadClickHouse(file: string): Promise<number> {
  const { createClient, ClickHouseLogLevel } = await import('@clickhouse/client');
  const urls = [process.env.CRM_CH_URL as string, process.env.CRM_CH_URL2 as string];
  const clients = urls.map((url) => createClient({ url, log: { level: ClickHouseLogLevel.OFF }, request_timeout: 600_000 }));
  const t0 = performance.now();
  const cols = '`customer_id` String, `order_id` String, `date` DateTime, `amount` Float64';
  await clients[0]?.command({ query: 'DROP TABLE IF EXISTS bench_lines' });
  for (const c of clients) {
    await c.command({ query: 'DROP TABLE IF EXISTS bench_lines_local' });
    await c.command({ query: `CREATE TABLE bench_lines_local (${cols}) ENGINE = MergeTree ORDER BY customer_id` });
  }
  // The Distributed table routes each row to the shard of cityHash64(customer_id); synchronous insert.
  await clients[0]?.command({
    query: `CREATE TABLE bench_lines AS bench_lines_local ENGINE = Distributed(${process.env.CRM_CH_CLUSTER}, default, bench_lines_local, cityHash64(customer_id))`,
  });
  await clients[0]?.insert({
    table: 'bench_lines',
    values: createReadStream(file),
    format: 'CSVWithNames',
    clickhouse_settings: { insert_distributed_sync: 1 },
  });
  await Promise.all(clients.map((c) => c.close()));
  return performance.now() - t0;
}

interface Cell {
  m: Measured;
  note: string;
}

/** One table: a row per path, a column per size (time, client peak RSS), then the notes. */
function printSideBySide(sizes: number[], files: Map<number, string>, results: Map<string, Map<number, Cell>>, loads: string[]): void {
  const header = ['path', ...sizes.map((n) => `${n.toExponential(0).replace('e+', 'e')} rows (${files.get(n) ?? ''})`), 'notes'];
  const body: string[][] = [];
  for (const [task, bySize] of results) {
    const cells = sizes.map((n) => {
      const c = bySize.get(n);
      return c === undefined ? 'skipped' : `${ms(c.m.ms)}, ${c.m.rssMb.toFixed(0)} MB`;
    });
    const notes = sizes
      .map((n) => {
        const c = bySize.get(n);
        return c === undefined || c.note === '' ? '' : `${n.toExponential(0).replace('e+', 'e')}: ${c.note}`;
      })
      .filter((x) => x !== '')
      .join('; ');
    body.push([task, ...cells, notes]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const line = (vals: readonly string[]) => vals.map((v, i) => v.padEnd(widths[i] as number)).join('  ').trimEnd();
  console.log(`\n## engines: RFM summary (orderKey 'auto') of generated order lines, side by side (time, peak RSS of the client process)`);
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of body) console.log(line(r));
  for (const n of sizes) {
    const got = [...results.values()].map((bySize) => bySize.get(n)).filter((c): c is Cell => c !== undefined);
    const same = got.every((c) => c.m.customers === got[0]?.m.customers && c.m.monetary.toFixed(2) === got[0]?.m.monetary.toFixed(2));
    const first = got[0]?.m;
    console.log(
      `${n.toExponential(0).replace('e+', 'e')} rows: ${same ? `every path returned ${first?.customers} customers, Σ monetary ${first?.monetary.toFixed(2)}` : `PATHS DISAGREE: ${got.map((c) => `${c.m.customers}/${c.m.monetary.toFixed(2)}`).join(', ')}`}`,
    );
  }
  const l = loads.map(Number);
  console.log(`load average (1 min) during the run: ${Math.min(...l).toFixed(1)}–${Math.max(...l).toFixed(1)} on ${cpus().length} cores`);
}

export default async function run(): Promise<void> {
  if (!process.env.CRM_PG_URL || !process.env.CRM_CH_URL) {
    // Start the servers for this run only, then re-enter this bench with their addresses.
    const script = `source .ci/engines.sh && engines_start && npx tsx bench/run.ts engines`;
    const r = spawnSync('bash', ['-c', script], { cwd: join(here, '..'), stdio: 'inherit', env: process.env });
    if (r.status !== 0) console.log(`engines bench: exited with ${r.status}`);
    return;
  }
  const sizes = (process.env.CRM_ENGINE_ROWS ?? '1000000,10000000').split(',').map(Number);
  const memoryMax = Number(process.env.CRM_ENGINE_MEMORY_MAX ?? 10_000_000);
  const results = new Map<string, Map<number, Cell>>();
  const files = new Map<number, string>();
  const loads: string[] = [];
  const add = (task: string, rows: number, m: Measured, note = '') => {
    let bySize = results.get(task);
    if (bySize === undefined) results.set(task, (bySize = new Map()));
    bySize.set(rows, { m, note });
    loads.push(loadavg()[0]?.toFixed(1) ?? '?');
  };
  // Fixed row order, whichever paths are skipped.
  for (const task of ['in memory: readTransactionsCsv + rfm.summarize', 'io.summarizeCsv', 'summarizeWithDuckDB', 'summarizeWithPostgres', 'summarizeWithClickHouse (2 shards)']) results.set(task, new Map());
  for (const rows of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'crm-engines-bench-'));
    chmodSync(dir, 0o755);
    const file = join(dir, 'lines.csv');
    await generate(file, rows);
    chmodSync(file, 0o644);
    files.set(rows, `${(statSync(file).size / 1e6).toFixed(0)} MB`);
    const f = JSON.stringify(file);
    const cols = JSON.stringify(COLUMNS);
    try {
      if (rows <= memoryMax) {
        add('in memory: readTransactionsCsv + rfm.summarize', rows, child(`const { rows } = await io.readTransactionsCsv(${f}, { columns: ${cols} }); const result = rfm.summarize(rows, { asOf: '${AS_OF}' });`), 'every row held');
      }
      add('io.summarizeCsv', rows, child(`const result = await io.summarizeCsv(${f}, { columns: ${cols}, asOf: '${AS_OF}' });`));
      add('summarizeWithDuckDB', rows, child(`const result = await io.summarizeWithDuckDB(${f}, { columns: ${cols}, asOf: '${AS_OF}' });`), 'in-process, reads the CSV');
      const pgLoad = await loadPostgres(file);
      add(
        'summarizeWithPostgres',
        rows,
        child(`const pool = new pg.Pool({ connectionString: process.env.CRM_PG_URL }); const result = await io.summarizeWithPostgres(pool, { table: 'bench_lines', columns: ${cols}, asOf: '${AS_OF}' }); await pool.end();`),
        `COPY load ${ms(pgLoad)} not timed`,
      );
      const chLoad = await loadClickHouse(file);
      add(
        'summarizeWithClickHouse (2 shards)',
        rows,
        child(`const client = createClient({ url: process.env.CRM_CH_URL, log: { level: ClickHouseLogLevel.OFF }, request_timeout: 600000 }); const result = await io.summarizeWithClickHouse(client, { table: 'bench_lines', columns: ${cols}, asOf: '${AS_OF}' }); await client.close();`),
        `Distributed load ${ms(chLoad)} not timed`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  printSideBySide(sizes, files, results, loads);
}
