import { calibrationHoldout, cumulativeTracking, frequencyRecencyMatrix, periodTransactions, type VegaLiteSpec } from '../../charts/index.js';
import { bgNbd, btydSummary, calibrationHoldoutSplit, customerLifetimeValue, gammaGamma, type BtydSummaryRow } from '../../clv/index.js';
import { CrmError, dayToIsoDate } from '../../core/index.js';
import type { Cell, ReportSection, ReportTable } from '../../report/index.js';
import type { RunContext } from '../context.js';

/** CLV horizon and discounting used by the report (documented in docs/cli.md). */
export const CLV_SETTINGS = { horizonMonths: 12, discountPerYear: 0.1 } as const;
const DAYS_PER_WEEK = 7;
const MAX_X_BIN = 7;
const TOP_CUSTOMERS = 20;

type BgParams = ReturnType<typeof bgNbd.fit>['params'];

/** Σ_i P(X(T_i) = x) for x < MAX_X_BIN and the rest in the last bin (Fader, Hardie & Lee 2005, Fig. 2). */
function periodTransactionRows(params: BgParams, rows: readonly BtydSummaryRow[]): Array<{ repeatTransactions: number; actual: number; expected: number }> {
  const byT = new Map<number, number>();
  const actual = new Float64Array(MAX_X_BIN + 1);
  for (const r of rows) {
    byT.set(r.T, (byT.get(r.T) ?? 0) + 1);
    const bin = Math.min(r.frequency, MAX_X_BIN);
    actual[bin] = (actual[bin] as number) + 1;
  }
  const expected = new Float64Array(MAX_X_BIN + 1);
  for (const [T, count] of byT) {
    let below = 0;
    for (let x = 0; x < MAX_X_BIN; x++) {
      const p = bgNbd.probabilityOfPurchases(params, T, x);
      expected[x] = (expected[x] as number) + count * p;
      below += p;
    }
    expected[MAX_X_BIN] = (expected[MAX_X_BIN] as number) + count * Math.max(0, 1 - below);
  }
  return Array.from(actual, (a, x) => ({ repeatTransactions: x, actual: a, expected: expected[x] as number }));
}

/**
 * CLV section: weekly BTYD summary (lifetimes semantics), BG/NBD (Fader, Hardie & Lee 2005) and
 * Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV") fits, 12-month CLV discounted at 10 % a
 * year, P(alive), and the three lifetimes diagnostics (period transactions, calibration vs
 * holdout, cumulative tracking) plus the P(alive) matrix.
 */
export function clvSection(ctx: RunContext): ReportSection {
  const lastDay = ctx.asOfDay; // asOf is inclusive: the same day every section uses
  const end = dayToIsoDate(lastDay);
  const summary = btydSummary(ctx.table, { asOf: end, unit: 'week' });
  const bg = bgNbd.fit(summary);
  if (!bg.converged) {
    throw new CrmError('NUMERIC_DOMAIN', `the BG/NBD fit did not converge on ${summary.length} customers (${bg.message ?? 'no message'}); CLV is not reported rather than built on unreliable parameters`, { path: ['clv', 'bgNbd'] });
  }
  const repeaters = summary.filter((r) => r.frequency > 0 && r.monetaryValue > 0);
  const gg = gammaGamma.fit(repeaters.map((r) => ({ frequency: r.frequency, monetaryValue: r.monetaryValue })));
  const clv = customerLifetimeValue({
    transactionModel: { model: 'bgNbd', params: bg.params, unit: 'week' },
    spendModel: { params: gg.params },
    customers: summary.map((r) => ({ customerId: r.customerId, frequency: r.frequency, recency: r.recency, T: r.T, monetaryValue: r.monetaryValue })),
    horizon: { value: CLV_SETTINGS.horizonMonths, unit: 'month' },
    discountRate: { rate: CLV_SETTINGS.discountPerYear, per: 'year' },
  });
  const pAlive = bgNbd.probabilityAlive(bg.params, summary);

  const n = ctx.customers.length;
  const colAlive: Cell[] = new Array<Cell>(n).fill(null);
  const colClv: Cell[] = new Array<Cell>(n).fill(null);
  summary.forEach((r, k) => {
    const i = ctx.customerIndex.get(r.customerId);
    if (i === undefined) return;
    colAlive[i] = pAlive[k] as number;
    colClv[i] = (clv.customers[k] as { clv: number }).clv;
  });
  ctx.probabilityAlive = new Map(summary.map((r, i) => [r.customerId, pAlive[i] as number]));
  ctx.summary.totalClv = clv.total;
  ctx.summary.clvHorizon = `${CLV_SETTINGS.horizonMonths} months, ${CLV_SETTINGS.discountPerYear * 100}% a year discount`;
  ctx.addCustomerColumn('P(alive)', colAlive);
  ctx.addCustomerColumn(`CLV ${CLV_SETTINGS.horizonMonths} months`, colClv);

  const order = summary.map((_, k) => k).sort((a, b) => (clv.customers[b]?.clv ?? 0) - (clv.customers[a]?.clv ?? 0) || ((summary[a]?.customerId ?? '') < (summary[b]?.customerId ?? '') ? -1 : 1));
  const top = order.slice(0, TOP_CUSTOMERS).map((k) => {
    const r = summary[k] as BtydSummaryRow;
    const c = clv.customers[k] as { clv: number; expectedPurchases: number; expectedSpend: number };
    return [r.customerId, r.frequency, r.recency, r.T, pAlive[k] as number, c.expectedPurchases, c.expectedSpend, c.clv] as Cell[];
  });

  const se = (v: number | null | undefined): Cell => (v === null || v === undefined ? null : v);
  const paramTable: ReportTable = {
    id: 'clv-params',
    caption: 'Fitted parameters (standard errors from the observed information)',
    columns: ['Model', 'Parameter', 'Estimate', 'Std. error'],
    rows: [
      ...(['r', 'alpha', 'a', 'b'] as const).map((p): Cell[] => ['BG/NBD', p, bg.params[p], se(bg.standardErrors[p])]),
      ...(['p', 'q', 'gamma'] as const).map((p): Cell[] => ['Gamma-Gamma', p, gg.params[p], se(gg.standardErrors[p])]),
    ],
    digits: 4,
  };

  const charts: VegaLiteSpec[] = [];
  const notes: string[] = [];
  try {
    charts.push(aliveMatrix(bg.params, summary));
  } catch (e) {
    if (!(e instanceof CrmError)) throw e;
    notes.push(`P(alive) matrix skipped: ${e.message}`);
  }
  try {
    charts.unshift(periodTransactions(periodTransactionRows(bg.params, summary), { title: `Customers by repeat purchases: actual vs BG/NBD (last bin = ${MAX_X_BIN}+)` }));
  } catch (e) {
    if (!(e instanceof CrmError)) throw e;
    notes.push(`Period-transactions plot skipped: ${e.message}`);
  }
  const paragraphs = [
    `Per-customer summary in weeks as of ${end} (repeat purchase days x, recency t_x, age T; lifetimes' convention: same-day purchases merged, the first purchase excluded from x and from the mean spend). BG/NBD ${bg.converged ? 'converged' : `did NOT converge (${bg.message ?? ''})`} in ${bg.iterations} iterations, log-likelihood ${bg.logLikelihood.toFixed(2)}; Gamma-Gamma on ${gg.rowsUsed.toLocaleString('en-US')} repeat customers ${gg.converged ? 'converged' : 'did NOT converge'}.`,
    `CLV = expected spend per purchase × expected purchases over ${CLV_SETTINGS.horizonMonths} months, discounted monthly at ${CLV_SETTINGS.discountPerYear * 100}% a year; revenue, not margin. Total: ${clv.total.toLocaleString('en-US', { maximumFractionDigits: 0 })}.`,
  ];

  // Calibration / holdout: the last third of the observation window (at most 26 weeks) is held out.
  const firstDay = Math.min(...ctx.customers.map((c) => Math.floor(c.firstDay)));
  const spanWeeks = (lastDay - firstDay) / DAYS_PER_WEEK;
  const holdoutWeeks = Math.min(26, Math.floor(spanWeeks / 3));
  if (holdoutWeeks >= 4 && spanWeeks - holdoutWeeks >= 8) {
    try {
      const calEndDay = lastDay - holdoutWeeks * DAYS_PER_WEEK;
      const split = calibrationHoldoutSplit(ctx.table, { calibrationEnd: dayToIsoDate(calEndDay), asOf: end, unit: 'week' });
      const calFit = bgNbd.fit(split);
      if (!calFit.converged) throw new CrmError('NUMERIC_DOMAIN', `the calibration BG/NBD fit did not converge (${calFit.message ?? 'no message'})`, { path: ['clv', 'calibration'] });
      const groups = new Map<number, { n: number; actual: number; predicted: number }>();
      for (const r of split) {
        const x = Math.min(r.frequency, MAX_X_BIN);
        const g = groups.get(x) ?? { n: 0, actual: 0, predicted: 0 };
        g.n += 1;
        g.actual += r.frequencyHoldout;
        g.predicted += bgNbd.conditionalExpectedPurchases(calFit.params, r.durationHoldout, r);
        groups.set(x, g);
      }
      const rows = [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([x, g]) => ({ calibrationFrequency: x, actual: g.actual / g.n, predicted: g.predicted / g.n, customers: g.n }));
      charts.push(calibrationHoldout(rows, { title: `Holdout (${holdoutWeeks} weeks) purchases by calibration frequency (last bin = ${MAX_X_BIN}+)` }));
      charts.push(cumulativeTracking(trackingRows(ctx, calFit.params, firstDay, lastDay), { holdoutStart: (calEndDay - firstDay) / DAYS_PER_WEEK, periodTitle: 'Week since the first purchase in the data' }));
      paragraphs.push(`Diagnostics: BG/NBD refitted on the data up to ${dayToIsoDate(calEndDay)} (calibration, customers first seen by then) and checked on the following ${holdoutWeeks} weeks (holdout).`);
    } catch (e) {
      if (!(e instanceof CrmError)) throw e;
      notes.push(`Calibration/holdout and tracking plots skipped: ${e.message}`);
    }
  } else {
    notes.push(`Calibration/holdout and tracking plots skipped: the data span ${spanWeeks.toFixed(1)} weeks, too short for a holdout of at least 4 weeks after 8 weeks of calibration.`);
  }

  return {
    id: 'clv',
    title: 'Customer lifetime value (BG/NBD + Gamma-Gamma)',
    paragraphs,
    bullets: notes,
    charts,
    tables: [
      paramTable,
      {
        id: 'clv-top',
        caption: `Top ${TOP_CUSTOMERS} customers by CLV`,
        columns: ['Customer', 'Repeat purchases x', 'Recency t_x (weeks)', 'Age T (weeks)', 'P(alive)', `Expected purchases (${CLV_SETTINGS.horizonMonths} mo)`, 'Expected spend per purchase', `CLV (${CLV_SETTINGS.horizonMonths} mo)`],
        rows: top,
        csv: true,
      },
    ],
  };
}

/**
 * Cumulative repeat transactions per week, actual vs Σ over first-purchase cohorts of
 * cohort size × E[X(t − t0)] (FHL 2005, Figure 1; lifetimes expected_cumulative_transactions).
 * Every customer counts (also those first seen in the holdout), on both lines; the expectation
 * uses the calibration fit. Left-censored data (customers older than the file) start below the model.
 */
function trackingRows(ctx: RunContext, params: BgParams, firstDay: number, lastDay: number): Array<{ period: number; actual: number; expected: number }> {
  const t = ctx.table;
  const weeks = Math.floor((lastDay - firstDay) / DAYS_PER_WEEK) + 1;
  // Distinct purchase days per customer.
  const days: Array<Set<number>> = Array.from({ length: t.customerIds.length }, () => new Set<number>());
  for (let i = 0; i < t.length; i++) (days[t.customer[i] as number] as Set<number>).add(Math.floor(t.day[i] as number));
  const repeatPerWeek = new Float64Array(weeks + 1);
  const cohorts = new Map<number, number>(); // first day -> customers
  for (const set of days) {
    const sorted = [...set].sort((a, b) => a - b);
    const first = sorted[0] as number;
    cohorts.set(first, (cohorts.get(first) ?? 0) + 1);
    for (let k = 1; k < sorted.length; k++) {
      const w = Math.floor(((sorted[k] as number) - firstDay) / DAYS_PER_WEEK);
      repeatPerWeek[w] = (repeatPerWeek[w] as number) + 1;
    }
  }
  const out: Array<{ period: number; actual: number; expected: number }> = [];
  let cumActual = 0;
  for (let w = 0; w < weeks; w++) {
    cumActual += repeatPerWeek[w] as number;
    const endOfWeek = firstDay + (w + 1) * DAYS_PER_WEEK;
    let expected = 0;
    for (const [d0, count] of cohorts) {
      const age = (endOfWeek - d0) / DAYS_PER_WEEK;
      if (age > 0) expected += count * bgNbd.expectedPurchases(params, age);
    }
    out.push({ period: w + 1, actual: cumActual, expected });
  }
  return out;
}

/** P(alive) over a frequency × recency grid at the longest T (lifetimes plot_probability_alive_matrix). */
function aliveMatrix(params: BgParams, summary: readonly BtydSummaryRow[]): VegaLiteSpec {
  let maxT = 0;
  let maxX = 0;
  for (const r of summary) {
    if (r.T > maxT) maxT = r.T;
    if (r.frequency > maxX) maxX = r.frequency;
  }
  const xMax = Math.min(maxX, 30);
  const tSteps = Math.min(30, Math.max(1, Math.floor(maxT)));
  const cells: Array<{ frequency: number; recency: number; value: number }> = [];
  for (let x = 0; x <= xMax; x++) {
    for (let j = 0; j <= tSteps; j++) {
      const tx = x === 0 ? 0 : (maxT * j) / tSteps;
      if (x === 0 && j > 0) continue;
      cells.push({ frequency: x, recency: Math.round(tx * 10) / 10, value: bgNbd.probabilityAlive(params, { frequency: x, recency: tx, T: maxT }) });
    }
  }

  return frequencyRecencyMatrix(cells, { title: `P(alive) by frequency and recency (weeks, T = ${maxT.toFixed(1)})` });
}
