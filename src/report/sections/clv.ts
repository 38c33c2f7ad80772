import { calibrationVsHoldoutChart, cumulativeTrackingChart, periodTransactionsChart, probabilityAliveMatrixChart, type VegaLiteSpec } from '../../charts/index.js';
import { bgNbd, btydSummary, calibrationHoldoutSplit, calibrationVsHoldout, cumulativeTracking, customerLifetimeValue, gammaGamma, periodTransactions, probabilityAliveMatrix, type BtydSummaryRow } from '../../clv/index.js';
import { CrmError, dayToIsoDate } from '../../core/index.js';
import type { Cell, ReportSection, ReportTable } from '../../report/index.js';
import type { RunContext } from '../context.js';

/** CLV horizon and discounting used by the report (documented in docs/cli.md). */
export const CLV_SETTINGS = { horizonMonths: 12, discountPerYear: 0.1 } as const;
const DAYS_PER_WEEK = 7;
const MAX_X_BIN = 7;
const TOP_CUSTOMERS = 20;

/**
 * CLV section: weekly BTYD summary (lifetimes semantics), BG/NBD (Fader, Hardie & Lee 2005) and
 * Gamma-Gamma (Fader, Hardie & Lee 2005, "RFM and CLV") fits, 12-month CLV discounted at 10 % a
 * year, P(alive), and the three lifetimes diagnostics (period transactions, calibration vs
 * holdout, cumulative tracking) plus the P(alive) matrix.
 */
export function clvSection(ctx: RunContext): ReportSection {
  const lastDay = ctx.asOfDay; // asOf is inclusive: the same day every section uses
  const end = dayToIsoDate(lastDay);
  const summary = btydSummary(ctx.orders, { asOf: end, unit: 'week' });
  const bg = bgNbd.fit(summary);
  // A fit that ran to a boundary (e.g. no dropout in the data: a, b → ∞) is reported with its
  // diagnostic and predicted with the limit model (issue 18); any other non-convergence stops the section.
  if (!bg.converged && bg.boundary === undefined) {
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
    colAlive[i] = pAlive[k]!;
    colClv[i] = (clv.customers[k] as { clv: number }).clv;
  });
  ctx.probabilityAlive = new Map(summary.map((r, i) => [r.customerId, pAlive[i]!]));
  ctx.summary.totalClv = clv.total;
  ctx.summary.clvHorizon = `${CLV_SETTINGS.horizonMonths} months, ${CLV_SETTINGS.discountPerYear * 100}% a year discount`;
  ctx.addCustomerColumn('P(alive)', colAlive);
  ctx.addCustomerColumn(`CLV ${CLV_SETTINGS.horizonMonths} months`, colClv);

  const order = summary.map((_, k) => k).sort((a, b) => (clv.customers[b]?.clv ?? 0) - (clv.customers[a]?.clv ?? 0) || ((summary[a]?.customerId ?? '') < (summary[b]?.customerId ?? '') ? -1 : 1));
  const top = order.slice(0, TOP_CUSTOMERS).map((k) => {
    const r = summary[k] as BtydSummaryRow;
    const c = clv.customers[k] as { clv: number; expectedPurchases: number; expectedSpend: number };
    return [r.customerId, r.frequency, r.recency, r.T, pAlive[k]!, c.expectedPurchases, c.expectedSpend, c.clv] as Cell[];
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
    charts.push(probabilityAliveMatrixChart(probabilityAliveMatrix(bgNbd, bg.params, summary), { unitLabel: 'weeks' }));
  } catch (e) {
    if (!(e instanceof CrmError)) throw e;
    notes.push(`P(alive) matrix skipped: ${e.message}`);
  }
  try {
    charts.unshift(periodTransactionsChart(periodTransactions(bgNbd, bg.params, summary, { maxFrequency: MAX_X_BIN }), { title: 'Customers by repeat purchases: actual vs BG/NBD' }));
  } catch (e) {
    if (!(e instanceof CrmError)) throw e;
    notes.push(`Period-transactions plot skipped: ${e.message}`);
  }
  const paragraphs = [
    `Per-customer summary in weeks as of ${end} (repeat purchase days x, recency t_x, age T; lifetimes' convention: same-day purchases merged, the first purchase excluded from x and from the mean spend). BG/NBD ${bg.converged ? 'converged' : bg.boundary !== undefined ? 'stopped at a boundary (below)' : `did NOT converge (${bg.message ?? ''})`} in ${bg.iterations} iterations, log-likelihood ${bg.logLikelihood.toFixed(2)}; Gamma-Gamma on ${gg.rowsUsed.toLocaleString('en-US')} repeat customers ${gg.converged ? 'converged' : 'did NOT converge'}.`,
    ...(bg.boundary === undefined ? [] : [`Boundary: the BG/NBD estimate ran to a limit of the parameter space (${bg.boundary.parameter}: ${bg.boundary.limit}). ${bg.boundary.message} P(alive) and CLV below use that limit model.`]),
    `CLV = expected spend per purchase × expected purchases over ${CLV_SETTINGS.horizonMonths} months, discounted monthly at ${CLV_SETTINGS.discountPerYear * 100}% a year; revenue, not margin. Total: ${clv.total.toLocaleString('en-US', { maximumFractionDigits: 0 })}.`,
  ];

  // Calibration / holdout: the last third of the observation window (at most 26 weeks) is held out.
  const firstDay = Math.min(...ctx.customers.map((c) => Math.floor(c.firstDay)));
  const spanWeeks = (lastDay - firstDay) / DAYS_PER_WEEK;
  const holdoutWeeks = Math.min(26, Math.floor(spanWeeks / 3));
  if (holdoutWeeks >= 4 && spanWeeks - holdoutWeeks >= 8) {
    try {
      const calEndDay = lastDay - holdoutWeeks * DAYS_PER_WEEK;
      const split = calibrationHoldoutSplit(ctx.orders, { calibrationEnd: dayToIsoDate(calEndDay), asOf: end, unit: 'week' });
      const calFit = bgNbd.fit(split);
      if (!calFit.converged && calFit.boundary === undefined) throw new CrmError('NUMERIC_DOMAIN', `the calibration BG/NBD fit did not converge (${calFit.message ?? 'no message'})`, { path: ['clv', 'calibration'] });
      charts.push(calibrationVsHoldoutChart(calibrationVsHoldout(bgNbd, calFit.params, split, { maxFrequency: MAX_X_BIN }), { title: `Holdout (${holdoutWeeks} weeks) purchases by calibration frequency` }));
      charts.push(cumulativeTrackingChart(cumulativeTracking(bgNbd, calFit.params, ctx.orders, { asOf: end, unit: 'week' }), { holdoutStart: dayToIsoDate(calEndDay), periodTitle: 'Weeks since the first purchase in the data' }));
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
