/**
 * Survival, cohort and survey benchmarks (issue 19): Cox PH (Efron), Kaplan–Meier and the log-rank
 * test on R survival's `lung` and `veteran` data, side by side with R `survival` when `Rscript`
 * is installed (mean of 200 calls in one R process, so R's start-up is not counted), and the cohort
 * table on the bundled Online Retail II invoices.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadOnlineRetailInvoices } from '../src/datasets/index.js';
import { coxPH, kaplanMeier, logRankTest } from '../src/survival/index.js';
import { cohortTable } from '../src/cohort/index.js';
import { sequencesFromTransactions, sequentialPatterns } from '../src/basket/index.js';
import { readTransactionsCsv } from '../src/io/index.js';
import { ms, printTable, timeMedian, type BenchRow } from './harness.js';

const fixtures = new URL('../test/fixtures/survival/', import.meta.url);

function csv(name: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(new URL(name, fixtures), 'utf8').trim().split('\n');
  const keys = head!.split(',').map((k) => k.replaceAll('"', ''));
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i]!, v.replaceAll('"', '')])));
}

/** Mean ms per call of each R expression, or undefined without R. */
function rTimes(expressions: Record<string, string>): Record<string, number> | undefined {
  const lines = Object.entries(expressions).map(
    ([k, e]) => `invisible(${e}); t <- system.time(for (i in 1:200) ${e})[["elapsed"]]; cat("${k}", t * 1000 / 200, "\\n")`,
  );
  try {
    const out = execFileSync('Rscript', ['-e', `suppressMessages(library(survival)); ${lines.join('; ')}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return Object.fromEntries(out.trim().split('\n').map((l) => { const [k, v] = l.trim().split(/\s+/); return [k!, Number(v)]; }));
  } catch {
    return undefined;
  }
}

export default async function run(): Promise<void> {
  const lung = csv('lung.csv').map((r) => ({
    duration: Number(r.time), event: Number(r.event) as 0 | 1, age: Number(r.age), sex: Number(r.sex),
    ecog: r['ph.ecog'] === '' ? null : Number(r['ph.ecog']),
  }));
  const veteran = csv('veteran.csv').map((r) => ({
    duration: Number(r.time), event: Number(r.status) as 0 | 1, trt: Number(r.trt), karno: Number(r.karno),
    diagtime: Number(r.diagtime), age: Number(r.age), prior: Number(r.prior), group: r.celltype!,
  }));
  const r = rTimes({
    cox: 'coxph(Surv(time, status) ~ age + sex + ph.ecog, data = lung)',
    coxVet: 'coxph(Surv(time, status) ~ trt + karno + diagtime + age + prior, data = veteran)',
    km: 'survfit(Surv(time, status) ~ 1, data = lung)',
    logrank: 'survdiff(Surv(time, status) ~ celltype, data = veteran)',
  });
  const peer = (k: string): string => (r === undefined ? 'R not installed' : `R survival ${ms(r[k]!)}`);
  const rows: BenchRow[] = [];
  const cox = await timeMedian(() => coxPH(lung, { covariates: ['age', 'sex', 'ecog'], missing: 'drop' }), { runs: 51 });
  rows.push({ task: 'coxPH lung (228, 3 covariates, Efron)', ours: ms(cox.medianMs), peer: peer('cox') });
  const coxVet = await timeMedian(() => coxPH(veteran, { covariates: ['trt', 'karno', 'diagtime', 'age', 'prior'] }), { runs: 51 });
  rows.push({ task: 'coxPH veteran (137, 5 covariates)', ours: ms(coxVet.medianMs), peer: peer('coxVet') });
  const km = await timeMedian(() => kaplanMeier(lung), { runs: 51 });
  rows.push({ task: 'kaplanMeier lung', ours: ms(km.medianMs), peer: peer('km') });
  const lr = await timeMedian(() => logRankTest(veteran), { runs: 51 });
  rows.push({ task: 'logRankTest veteran (4 groups)', ours: ms(lr.medianMs), peer: peer('logrank') });
  const invoices = loadOnlineRetailInvoices();
  const cohorts = await timeMedian(() => cohortTable(invoices, { asOf: '2010-12-09' }), { runs: 15 });
  rows.push({ task: 'cohortTable Online Retail II (19,213 invoices, monthly)', ours: ms(cohorts.medianMs), note: 'pandas groupby in the fixture script: not timed here' });
  const lines = await readTransactionsCsv(new URL('../data/online_retail_II_2009_2010_lines_sample.csv.gz', import.meta.url).pathname, {
    columns: { customerId: 'CustomerID', date: 'InvoiceDate', amount: 'Price', orderId: 'Invoice', item: 'Description' },
    onError: 'collect',
    skipBlankCustomerId: true,
  });
  const { sequences } = sequencesFromTransactions(lines.rows);
  for (const minSupport of [0.1, 0.05]) {
    const t = await timeMedian(() => sequentialPatterns(sequences, { minSupport }), { runs: 5, warmup: 1 });
    rows.push({
      task: `sequentialPatterns @${minSupport}, Online Retail II lines sample (${sequences.length} customers)`,
      ours: ms(t.medianMs),
      target: '≤ 1 s',
      peer: minSupport === 0.05 ? `cSPADE ${ms(1000 * Number(readFileSync(new URL('../test/fixtures/basket/sequences-online-retail/cspade-time.txt', import.meta.url), 'utf8')))} (recorded, make-cspade.R)` : 'cSPADE: recorded at 0.05 only',
    });
  }
  printTable('survival, cohort, sequences (issue 19)', rows);
}
