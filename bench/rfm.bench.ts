/**
 * RFM benchmarks (issue 4 item 4, issue 10 item 2): summary + scores on Online Retail II from a
 * prepared table (invoice level and the 407,664-line level), 1×/4×/16× scaling, a hand-rolled JS
 * Map group-by side by side, and a generated CSV summarised as a stream (time and peak RSS, in a
 * child process so the RSS is the stream's own). `RFM_BENCH_STREAM_ROWS` sets the CSV size
 * (default 10,000,000; 0 skips it).
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { createRandom, dayToIsoDate, prepareTransactions, type Transaction, type TransactionTable } from '../src/core/index.js';
import { score, summarize, summarizeStream } from '../src/rfm/index.js';
import { ms, printTable, timeMedian } from './harness.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const ASOF = '2010-12-10';

function loadInvoices(): { rows: Transaction[]; lines: number[] } {
  const text = gunzipSync(readFileSync(join(here, '..', 'data', 'online_retail_II_2009_2010_invoices.csv.gz'))).toString('utf8');
  const rows: Transaction[] = [];
  const lines: number[] = [];
  for (const line of text.split('\n').slice(1)) {
    if (line === '') continue;
    const [c, inv, d, rev, n] = line.split(',') as [string, string, string, string, string];
    rows.push({ customerId: c, orderId: inv, date: d, amount: Number(rev) });
    lines.push(Number(n));
  }
  return { rows, lines };
}

/** One row per invoice line (the revenue split evenly over the invoice's lines): 407,664 rows. */
function lineTable(rows: readonly Transaction[], lines: readonly number[]): TransactionTable {
  const out: Transaction[] = [];
  rows.forEach((r, i) => {
    const n = lines[i] as number;
    for (let k = 0; k < n; k++) out.push({ ...r, amount: (r.amount as number) / n });
  });
  return prepareTransactions(out);
}

/** The table repeated `times` times with distinct order ids per copy (same customers: more history). */
function scaled(t: TransactionTable, times: number): TransactionTable {
  const n = t.length;
  const nOrders = t.orderIds?.length ?? 0;
  const customer = new Int32Array(n * times);
  const day = new Float64Array(n * times);
  const amount = new Float64Array(n * times);
  const order = new Int32Array(n * times);
  for (let k = 0; k < times; k++) {
    customer.set(t.customer, k * n);
    day.set(t.day, k * n);
    amount.set(t.amount, k * n);
    for (let i = 0; i < n; i++) order[k * n + i] = (t.order as Int32Array)[i]! + k * nOrders;
  }
  const orderIds = Array.from({ length: nOrders * times }, (_, j) => `o${j}`);
  return { kind: 'TransactionTable', length: n * times, customerIds: t.customerIds, customer, day, amount, orderIds, order, items: undefined, item: undefined, quantity: undefined };
}

/**
 * Median CPU time (user + system of this process) per run: on a shared, overloaded machine wall
 * time mostly measures the scheduler; CPU time is what the code costs.
 */
function cpuMedian(fn: () => unknown, runs: number): number {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[runs >> 1] as number;
}

/** What a JS user hand-rolls: Map group-by over row objects, then sort + rank-based quintiles. */
function handRolled(rows: readonly Transaction[]): number {
  const asOf = Date.UTC(2010, 11, 10) / 86_400_000;
  const g = new Map<string, { last: number; orders: Set<string>; money: number }>();
  for (const r of rows) {
    const day = Math.floor(Date.parse(`${(r.date as string).replace(' ', 'T')}Z`) / 86_400_000);
    let s = g.get(r.customerId as string);
    if (s === undefined) g.set(r.customerId as string, (s = { last: day, orders: new Set(), money: 0 }));
    if (day > s.last) s.last = day;
    s.orders.add(r.orderId as string);
    s.money += r.amount as number;
  }
  const recs = [...g.values()].map((s) => ({ r: asOf - s.last, f: s.orders.size, m: s.money }));
  const quint = (vals: number[]) => {
    const idx = vals.map((_, i) => i).sort((a, b) => (vals[a] as number) - (vals[b] as number));
    const q = new Array<number>(vals.length);
    idx.forEach((i, k) => (q[i] = 1 + Math.floor((5 * k) / vals.length)));
    return q;
  };
  quint(recs.map((x) => x.r));
  quint(recs.map((x) => x.f));
  return quint(recs.map((x) => x.m)).length;
}

async function streamChild(path: string): Promise<void> {
  const t0 = performance.now();
  // A minimal chunked line reader (no readline, no per-line arrays): CSV parsing proper is io's job.
  async function* batches() {
    let rest = '';
    let header = true;
    for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      const text = rest + (chunk as string);
      const batch: Transaction[] = [];
      let start = 0;
      for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
        if (header) header = false;
        else {
          const a = text.indexOf(',', start);
          const b = text.indexOf(',', a + 1);
          const c = text.indexOf(',', b + 1);
          batch.push({ customerId: text.slice(start, a), orderId: text.slice(a + 1, b), date: text.slice(b + 1, c), amount: Number(text.slice(c + 1, nl)) });
        }
        start = nl + 1;
      }
      rest = text.slice(start);
      if (batch.length > 0) yield batch;
    }
  }
  const c0 = process.cpuUsage();
  const orderKey = (process.env.RFM_STREAM_ORDERKEY ?? 'auto') as 'auto' | 'row';
  const result = await summarizeStream(batches(), { asOf: '2025-01-01', orderKey });
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ ms: elapsed, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, customers: result.length }));
}

async function writeCsv(path: string, rowsWanted: number): Promise<void> {
  const rng = createRandom(20261125);
  const out = createWriteStream(path);
  out.write('customerId,orderId,date,amount\n');
  const start = Date.UTC(2022, 0, 1) / 86_400_000;
  let order = 0;
  let written = 0;
  while (written < rowsWanted) {
    let chunk = '';
    for (let j = 0; j < 20_000 && written < rowsWanted; ) {
      const c = `C${rng.int(200_000)}`;
      // all lines of an order share its timestamp, as invoice lines do in Online Retail
      const stamp = `${dayToIsoDate(start + rng.int(1095))} ${String(rng.int(24)).padStart(2, '0')}:${String(rng.int(60)).padStart(2, '0')}:00`;
      const lines = 1 + rng.int(8);
      order++;
      for (let k = 0; k < lines && written < rowsWanted; k++, j++, written++) {
        chunk += `${c},O${order},${stamp},${(rng.int(10_000) / 100).toFixed(2)}\n`;
      }
    }
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

interface ChildResult {
  ms: number;
  cpuMs: number;
  maxRssMB: number;
  customers: number;
}

function runChild(path: string, orderKey: 'auto' | 'row'): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], { env: { ...process.env, RFM_STREAM_CHILD: path, RFM_STREAM_ORDERKEY: orderKey }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ChildResult) : reject(new Error(`stream child exited ${code}`))));
  });
}

export default async function run(): Promise<void> {
  const { rows, lines } = loadInvoices();
  const invoices = prepareTransactions(rows);
  const lineLevel = lineTable(rows, lines);
  const pipeline = (t: TransactionTable) => score(summarize(t, { asOf: ASOF }), { convention: 'pandas' });
  const tInv = await timeMedian(() => pipeline(invoices), { runs: 21, warmup: 5 });
  const tLines = await timeMedian(() => pipeline(lineLevel), { runs: 15, warmup: 3 });
  const tSumLines = await timeMedian(() => summarize(lineLevel, { asOf: ASOF }), { runs: 15, warmup: 3 });
  const tR = await timeMedian(() => score(summarize(lineLevel, { asOf: ASOF }), { convention: 'rfm-package' }), { runs: 15, warmup: 3 });
  const lineRows: Transaction[] = [];
  rows.forEach((r, i) => {
    for (let k = 0; k < (lines[i] as number); k++) lineRows.push(r);
  });
  const tHand = await timeMedian(() => handRolled(lineRows), { runs: 7, warmup: 1 });
  const cInv = cpuMedian(() => pipeline(invoices), 21);
  const cLines = cpuMedian(() => pipeline(lineLevel), 15);
  const cHand = cpuMedian(() => handRolled(lineRows), 5);
  const tPrep = await timeMedian(() => prepareTransactions(lineRows), { runs: 5, warmup: 1 });
  printTable('rfm: summary + scores, Online Retail II 2009-10 (4,312 customers)', [
    { task: `summarize + score (pandas), invoice table (${invoices.length} rows)`, ours: ms(tInv.medianMs), target: '≤ 10 ms', note: `min ${ms(tInv.minMs)}; CPU time median ${ms(cInv)}` },
    { task: `summarize + score (pandas), line table (${lineLevel.length} rows)`, ours: ms(tLines.medianMs), target: '≤ 10 ms', peer: 'pandas 1.5 groupby+qcut: 35 ms (issue 4, same machine kind)', note: `min ${ms(tLines.minMs)}; CPU time median ${ms(cLines)}` },
    { task: '  of which summarize, line table', ours: ms(tSumLines.medianMs), note: `min ${ms(tSumLines.minMs)}` },
    { task: `summarize + score (rfm-package), line table`, ours: ms(tR.medianMs), peer: 'R rfm 0.3: not timed here', note: `min ${ms(tR.minMs)}` },
    { task: 'hand-rolled JS (Map group-by on row objects + sort quintiles), lines', ours: ms(tHand.medianMs), note: `min ${ms(tHand.minMs)}; CPU ${ms(cHand)}; JS peer: what users write today (no exact ties, no validation)` },
    { task: 'prepareTransactions on the 407,664 line rows (once, not in the target)', ours: ms(tPrep.medianMs) },
  ]);

  const scaleRows = [];
  let base = 0;
  for (const times of [1, 4, 16]) {
    const t = times === 1 ? lineLevel : scaled(lineLevel, times);
    const tm = await timeMedian(() => pipeline(t), { runs: times === 16 ? 5 : 9, warmup: 2 });
    const cpu = cpuMedian(() => pipeline(t), times === 16 ? 5 : 9);
    if (times === 1) base = cpu;
    scaleRows.push({ task: `${times}× lines (${t.length.toLocaleString('en')} rows)`, ours: ms(tm.medianMs), note: `CPU ${ms(cpu)} = ${(cpu / base).toFixed(2)}× the 1× CPU time, ${((cpu * 1e6) / t.length).toFixed(1)} ns/row; wall min ${ms(tm.minMs)}` });
  }
  printTable('rfm: scaling of summarize + score (pandas) with rows', scaleRows);

  const streamRows = Number(process.env.RFM_BENCH_STREAM_ROWS ?? 10_000_000);
  if (streamRows > 0) {
    const dir = mkdtempSync(join(tmpdir(), 'rfm-bench-'));
    const path = join(dir, 'transactions.csv');
    try {
      const g0 = performance.now();
      await writeCsv(path, streamRows);
      const gen = performance.now() - g0;
      const r = await runChild(path, 'auto');
      const rr = await runChild(path, 'row');
      printTable(`rfm: summarizeStream over a generated ${streamRows.toLocaleString('en')}-row CSV (200,000 customers, ~4.5 lines/order)`, [
        { task: "stream, orderKey 'auto' (distinct orderId: keeps order ids)", ours: ms(r.ms), target: 'within 3× of DuckDB (issue 10: DuckDB ≤ 5 s)', note: `CPU ${ms(r.cpuMs)}; peak RSS ${r.maxRssMB.toFixed(0)} MB; ${r.customers} customers` },
        { task: "stream, orderKey 'row' (O(customers) state)", ours: ms(rr.ms), note: `CPU ${ms(rr.cpuMs)}; peak RSS ${rr.maxRssMB.toFixed(0)} MB` },
        { task: 'writing the CSV (not timed in the target)', ours: ms(gen) },
      ]);
    } finally {
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (process.env.RFM_STREAM_CHILD !== undefined) await streamChild(process.env.RFM_STREAM_CHILD);
