/**
 * Bad input on real engines: no connection, missing tables and columns, wrong types, and a server
 * that dies during the query. Every failure is a CrmError naming the engine, the table and (where it
 * applies) the column, and the connection is released on every path.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClickHouseClient } from '@clickhouse/client';
import pg from 'pg';
import { summarizeWithClickHouse, summarizeWithPostgres } from '../../src/io/index.js';
import { CrmError } from '../../src/core/index.js';
import { CH_URLS, chClient, pgPool, PG_URL } from './servers.js';

const columns = { customerId: 'customer', date: 'ordered_at', amount: 'total' };
const options = { table: 'fail_orders', columns, asOf: '2024-01-31' };

async function failure(p: Promise<unknown>): Promise<CrmError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(CrmError);
    return error as CrmError;
  }
  throw new Error('expected a failure');
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('PostgreSQL failures', () => {
  let pool: pg.Pool;
  beforeAll(async () => {
    pool = pgPool();
    await pool.query('DROP VIEW IF EXISTS "slow orders"; DROP TABLE IF EXISTS fail_orders');
    await pool.query('CREATE TABLE fail_orders (customer text, ordered_at date, total double precision, note text)');
    await pool.query("INSERT INTO fail_orders VALUES ('a', '2024-01-02', 5, 'x'), ('b', '2024-01-03', 7, 'y')");
    // One row per second for 30 s: a query that is surely running when the server side is killed.
    await pool.query(`CREATE VIEW "slow orders" AS
      SELECT 'c' || g AS customer, DATE '2024-01-01' AS ordered_at, 1.0::float8 AS total
      FROM generate_series(1, 30) g WHERE pg_sleep(1) IS NOT NULL`);
  });
  afterAll(async () => {
    await pool.end();
  });

  it('success: the connection goes back to the pool with no transaction left open', async () => {
    const result = await summarizeWithPostgres(pool, options);
    expect(result.map((r) => r.customerId)).toEqual(['a', 'b']);
    expect(pool.totalCount).toBe(pool.idleCount);
    const { rows } = await pool.query("SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'");
    expect(rows[0].n).toBe(0);
  });

  it('no server: ENGINE_ERROR naming the engine and table', async () => {
    const port = await freePort();
    const dead = new pg.Pool({ connectionString: `postgres://crm@127.0.0.1:${port}/crm`, connectionTimeoutMillis: 5_000 });
    const e = await failure(summarizeWithPostgres(dead, options));
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.message).toContain('PostgreSQL');
    expect(e.data).toMatchObject({ engine: 'postgres', table: 'fail_orders' });
    expect(dead.totalCount).toBe(0);
    await dead.end();
  });

  it('missing table and missing column: ENGINE_ERROR naming them; the connection is released', async () => {
    const t = await failure(summarizeWithPostgres(pool, { ...options, table: 'no_such_table' }));
    expect(t.code).toBe('ENGINE_ERROR');
    expect(t.data).toMatchObject({ engine: 'postgres', table: 'no_such_table' });
    const c = await failure(summarizeWithPostgres(pool, { ...options, columns: { ...columns, amount: 'revenue' } }));
    expect(c.code).toBe('ENGINE_ERROR');
    expect(c.path).toEqual(['options', 'columns', 'amount']);
    expect(c.data).toMatchObject({ engine: 'postgres', table: 'fail_orders', column: 'revenue' });
    expect(c.message).toContain('"revenue"');
    expect(pool.totalCount).toBe(pool.idleCount);
  });

  it('an unparsable text date: ENGINE_ERROR naming the date column', async () => {
    await pool.query('DROP TABLE IF EXISTS fail_text_dates');
    await pool.query("CREATE TABLE fail_text_dates AS SELECT 'a'::text AS customer, 'not a date'::text AS ordered_at, 1.0::float8 AS total");
    const e = await failure(summarizeWithPostgres(pool, { ...options, table: 'fail_text_dates' }));
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.data).toMatchObject({ engine: 'postgres', table: 'fail_text_dates', column: 'ordered_at' });
    expect(pool.totalCount).toBe(pool.idleCount);
  });

  it('a column of the wrong type: INVALID_INPUT naming it', async () => {
    const e = await failure(summarizeWithPostgres(pool, { ...options, columns: { ...columns, amount: 'note' } }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.path).toEqual(['options', 'columns', 'amount']);
  });

  it('unknown options and SQL-looking names fail before connecting', async () => {
    const e = await failure(summarizeWithPostgres(pool, { ...options, asof: '2024-01-01' } as never));
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toContain('asOf');
    const n = await failure(summarizeWithPostgres(pool, { ...options, columns: { ...columns, amount: 'x"; DROP TABLE fail_orders; --' } }));
    expect(n.code).toBe('INVALID_OPTION');
    const { rows } = await pool.query('SELECT COUNT(*)::int AS n FROM fail_orders');
    expect(rows[0].n).toBe(2);
  });

  it('the server process of the connection killed mid-query: ENGINE_ERROR, and the connection is destroyed', async () => {
    const before = pool.totalCount;
    const running = failure(summarizeWithPostgres(pool, { ...options, table: 'slow orders' }));
    // Wait until the summary's query runs, then terminate the backend serving it (SIGTERM to that process).
    const killer = new pg.Client({ connectionString: PG_URL() });
    await killer.connect();
    let killed = 0;
    for (let i = 0; i < 100 && killed === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const { rows } = await killer.query(
        "SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE query LIKE '%slow orders%' AND query NOT LIKE '%pg_stat_activity%' AND pid <> pg_backend_pid()",
      );
      killed = rows.filter((r) => r.ok === true).length;
    }
    await killer.end();
    expect(killed).toBeGreaterThan(0);
    const e = await running;
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.data).toMatchObject({ engine: 'postgres', table: 'slow orders' });
    // The broken connection was destroyed, not returned to the pool.
    expect(pool.totalCount).toBeLessThanOrEqual(before);
    expect(pool.totalCount).toBe(pool.idleCount);
    // And the pool still works.
    expect((await summarizeWithPostgres(pool, options)).length).toBe(2);
  });
});

describe('ClickHouse failures', () => {
  let client: ClickHouseClient;
  beforeAll(async () => {
    client = chClient(CH_URLS()[0]);
    await client.command({ query: 'DROP TABLE IF EXISTS fail_orders' });
    await client.command({ query: 'CREATE TABLE fail_orders (customer String, ordered_at Date, total Float64, note String) ENGINE = MergeTree ORDER BY customer' });
    await client.insert({ table: 'fail_orders', values: [{ customer: 'a', ordered_at: '2024-01-02', total: 5, note: 'x' }], format: 'JSONEachRow' });
  });
  afterAll(async () => {
    await client.close();
  });

  it('no server: ENGINE_ERROR naming the engine and table', async () => {
    const port = await freePort();
    const dead = chClient(`http://127.0.0.1:${port}`);
    const e = await failure(summarizeWithClickHouse(dead, options));
    expect(e.code).toBe('ENGINE_ERROR');
    expect(e.message).toContain('ClickHouse');
    expect(e.data).toMatchObject({ engine: 'clickhouse', table: 'fail_orders' });
    await dead.close();
  });

  it('missing table and missing column: ENGINE_ERROR naming them', async () => {
    const t = await failure(summarizeWithClickHouse(client, { ...options, table: 'no_such_table' }));
    expect(t.code).toBe('ENGINE_ERROR');
    expect(t.data).toMatchObject({ engine: 'clickhouse', table: 'no_such_table' });
    const c = await failure(summarizeWithClickHouse(client, { ...options, columns: { ...columns, date: 'ordered_on' } }));
    expect(c.code).toBe('ENGINE_ERROR');
    expect(c.data).toMatchObject({ engine: 'clickhouse', table: 'fail_orders', column: 'ordered_on' });
    const w = await failure(summarizeWithClickHouse(client, { ...options, columns: { ...columns, amount: 'note' } }));
    expect(w.code).toBe('INVALID_INPUT');
    expect((await summarizeWithClickHouse(client, options)).map((r) => r.customerId)).toEqual(['a']);
  });

  describe('a private server killed mid-query', () => {
    let dir: string;
    let server: ChildProcess | undefined;
    let url: string;
    beforeAll(async () => {
      const bin = process.env.CRM_CH_SERVER ?? 'clickhouse-server';
      dir = mkdtempSync(join(tmpdir(), 'crm-ch-kill-'));
      const [http, tcp] = [await freePort(), await freePort()];
      for (const d of ['data', 'tmp', 'user_files']) mkdirSync(join(dir, d));
      writeFileSync(
        join(dir, 'config.xml'),
        `<?xml version="1.0"?><yandex><logger><level>error</level><log>${dir}/server.log</log><errorlog>${dir}/err.log</errorlog></logger>
<http_port>${http}</http_port><tcp_port>${tcp}</tcp_port><listen_host>127.0.0.1</listen_host>
<path>${dir}/data/</path><tmp_path>${dir}/tmp/</tmp_path><user_files_path>${dir}/user_files/</user_files_path>
<users_config>${dir}/users.xml</users_config><default_profile>default</default_profile><default_database>default</default_database>
<timezone>UTC</timezone><mark_cache_size>67108864</mark_cache_size></yandex>`,
      );
      writeFileSync(
        join(dir, 'users.xml'),
        `<?xml version="1.0"?><yandex><profiles><default><max_threads>1</max_threads></default></profiles>
<users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
<quotas><default></default></quotas></yandex>`,
      );
      server = spawn(bin, [`--config-file=${join(dir, 'config.xml')}`], { stdio: 'ignore' });
      url = `http://127.0.0.1:${http}`;
      for (let i = 0; i < 300; i++) {
        const ok = await fetch(`${url}/ping`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const c = chClient(url);
      // Each row sleeps 50 ms: the checks query runs for ~10 s unless the server dies.
      await c.command({
        query: "CREATE VIEW slow_orders AS SELECT concat('c', toString(number)) AS customer, toDate('2024-01-01') AS ordered_at, toFloat64(1) AS total FROM system.numbers WHERE sleepEachRow(0.05) = 0 LIMIT 200",
      });
      await c.close();
    });
    afterAll(() => {
      if (server !== undefined && server.exitCode === null) server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    });

    it('ENGINE_ERROR naming engine and table, within seconds', async () => {
      // Small blocks: sleepEachRow may sleep at most 3 s per block.
      const c = chClient(url, { max_block_size: '10' });
      const started = Date.now();
      const running = failure(summarizeWithClickHouse(c, { ...options, table: 'slow_orders' }));
      await new Promise((r) => setTimeout(r, 1_500));
      (server as ChildProcess).kill('SIGKILL');
      const e = await running;
      expect(e.code).toBe('ENGINE_ERROR');
      expect(e.data).toMatchObject({ engine: 'clickhouse', table: 'slow_orders' });
      expect(Date.now() - started).toBeLessThan(20_000);
      await c.close();
    });
  });
});
