/**
 * The textbook's measurable satisfaction indicators (顾客满意度的衡量指标): repeat-purchase
 * rate (美誉度/重复购买率), complaint rate (投诉率), purchase-amount trend (购买额), and
 * price sensitivity (对价格的敏感程度), computed from transactions plus optional complaints.
 * Price sensitivity is estimated as the within-item log–log slope of quantity on unit price
 * (a fixed-effects own-price elasticity, e.g. Wooldridge, Introductory Econometrics §14.1);
 * it needs `item` and `quantity` on the rows and is null otherwise.
 */
import {
  CrmError,
  DAYS_PER_UNIT,
  dayToIsoDate,
  invalidInput,
  invalidOption,
  prepareTransactions,
  readInteger,
  readNumber,
  readOptions,
  readPositive,
  readTimeUnit,
  toDayNumber,
  type AfterAsOf,
  type DateInput,
  type Transaction,
  type TransactionTable,
  type TimeUnit,
} from '../core/index.js';
import { summarizeHistory } from '../lifecycle/history.js';
import { judgeTrend, readAsOfPolicy, readCustomerId, rowsAfterAsOf, type TrendVerdict } from '../lifecycle/inputs.js';
import { studentTTwoSidedP } from '../core/math/student-t-cdf.js';

/** A complaint record. */
export interface ComplaintRecord { customerId: string | number; date: DateInput }

/** Options of {@link satisfactionIndicators}. */
export interface SatisfactionIndicatorOptions {
  /** The last day of observation, inclusive (docs/glossary.md): transactions and complaints dated on it count. Required. */
  asOf: DateInput;
  /** Transactions dated after asOf: `'error'` (default) or `'exclude'` (counted in `excludedAfterAsOf`). Later complaints are ignored. */
  afterAsOf?: AfterAsOf;
  /** Complaints (optional; without them complaint rates are null). */
  complaints?: readonly ComplaintRecord[];
  /** Trend period: a unit or days. Default 'month'. */
  period?: TimeUnit | number;
  /** Most recent periods in the trends. Default 12. */
  periods?: number;
  /** Significance level of the trend t-tests. Default 0.1. */
  trendAlpha?: number;
}

/** Per-customer indicators. */
export interface CustomerIndicators {
  customerId: string;
  orders: number;
  repeatBuyer: boolean;
  complaints: number | null;
  /** complaints / orders, or null without complaints input or orders. */
  complaintRate: number | null;
  /** Spend trend per period (null with fewer than 3 periods). */
  spendTrend: TrendVerdict | null;
}

/** Result of {@link satisfactionIndicators}. */
export interface SatisfactionIndicators {
  asOf: string;
  /** Transactions left out because they were dated after asOf (`afterAsOf: 'exclude'`); otherwise 0. */
  excludedAfterAsOf: number;
  /** Share of buying customers with 2+ orders. */
  repeatRate: number;
  /** Total complaints / total orders, or null without complaints input. */
  complaintRate: number | null;
  /** Trend of total spend per period across customers. */
  purchaseAmountTrend: TrendVerdict | null;
  /** Within-item log–log elasticity of quantity on unit price, or null (with a reason). */
  priceSensitivity: { elasticity: number; standardError: number; pValue: number; observations: number; items: number } | null;
  customers: CustomerIndicators[];
  reasons: string[];
}

/**
 * Measurable satisfaction indicators from transactions and optional complaints.
 *
 * @example
 * ```ts
 * import { satisfactionIndicators } from 'crm-analytics/value';
 * const r = satisfactionIndicators(
 *   [{ customerId: 'a', date: '2024-01-02', amount: 10, orderId: 'o1' },
 *    { customerId: 'a', date: '2024-02-02', amount: 12, orderId: 'o2' },
 *    { customerId: 'b', date: '2024-02-10', amount: 30, orderId: 'o3' }],
 *   { asOf: '2024-03-01', complaints: [{ customerId: 'b', date: '2024-02-12' }] },
 * );
 * r.repeatRate; // 0.5
 * r.complaintRate; // 0.3333 (1 complaint / 3 orders)
 * ```
 */
export function satisfactionIndicators(transactions: readonly Transaction[] | TransactionTable, options: SatisfactionIndicatorOptions): SatisfactionIndicators {
  const o = readOptions(options ?? null, ['asOf', 'afterAsOf', 'complaints', 'period', 'periods', 'trendAlpha'] as const);
  const policy = readAsOfPolicy(o);
  const asOfDay = policy.asOfDay;
  const asOf = asOfDay + 1; // exclusive end of observation (the asOf day is inclusive)
  const periodDays = typeof o.period === 'number' ? readPositive(o.period, ['options', 'period']) : DAYS_PER_UNIT[readTimeUnit(o.period, ['options', 'period'], 'month')];
  const nPeriods = readInteger(o.periods, ['options', 'periods'], { min: 3, default: 12 });
  const alpha = readNumber(o.trendAlpha, ['options', 'trendAlpha'], { min: 0, max: 1, minExclusive: true, maxExclusive: true, default: 0.1 });
  const table = prepareTransactions(transactions);

  let complaintsBy: Map<string, number> | null = null;
  if (o.complaints !== undefined) {
    if (!Array.isArray(o.complaints)) invalidOption(['options', 'complaints'], 'complaints must be an array', '{ customerId, date }[]', o.complaints);
    complaintsBy = new Map();
    (o.complaints as unknown[]).forEach((r: unknown, i: number) => {
      if (typeof r !== 'object' || r === null) invalidInput(['options', 'complaints', i], 'complaint must be an object', '{ customerId, date }', r);
      const rec = r as { customerId?: unknown; date?: unknown };
      const id = readCustomerId(rec.customerId, ['options', 'complaints', i, 'customerId']);
      if (rec.date === undefined) invalidInput(['options', 'complaints', i, 'date'], 'complaint date is missing', 'a date', rec.date);
      const d = toDayNumber(rec.date as DateInput, ['options', 'complaints', i, 'date']);
      if (d < asOf) complaintsBy!.set(id, (complaintsBy!.get(id) ?? 0) + 1);
    });
  }

  const excluded = rowsAfterAsOf(table, policy);
  const hist = summarizeHistory(table, asOfDay, periodDays, nPeriods);

  let buyers = 0;
  let repeaters = 0;
  let totalOrders = 0;
  let totalComplaints = 0;
  const customers: CustomerIndicators[] = hist.map((h) => {
    const id = table.customerIds[h.customerIndex] as string;
    if (h.orders > 0) buyers += 1;
    if (h.orders >= 2) repeaters += 1;
    totalOrders += h.orders;
    const c = complaintsBy === null ? null : complaintsBy.get(id) ?? 0;
    if (c !== null) totalComplaints += c;
    return {
      customerId: id,
      orders: h.orders,
      repeatBuyer: h.orders >= 2,
      complaints: c,
      complaintRate: c === null || h.orders === 0 ? null : c / h.orders,
      spendTrend: judgeTrend(h.windows, 3, alpha),
    };
  });
  if (complaintsBy !== null) {
    const known = new Set(table.customerIds);
    for (const [id, c] of complaintsBy) if (!known.has(id)) totalComplaints += c;
  }

  // Total spend per period (windows ending at asOf), over the span of the data before asOf.
  let firstDay = Infinity;
  for (let i = 0; i < table.length; i++) {
    const d = table.day[i]!;
    if (d < asOf && d < firstDay) firstDay = d;
  }
  let purchaseAmountTrend: TrendVerdict | null = null;
  const reasons: string[] = [];
  if (Number.isFinite(firstDay)) {
    const nWin = Math.min(nPeriods, Math.floor((asOfDay - Math.floor(firstDay)) / periodDays) + 1);
    const w = new Array<number>(nWin).fill(0);
    for (let i = 0; i < table.length; i++) {
      const d = table.day[i]!;
      if (d >= asOf) continue;
      const k = Math.floor((asOfDay - Math.floor(d)) / periodDays);
      if (k < nWin) w[nWin - 1 - k]! += table.amount[i]!;
    }
    if (!w.every(Number.isFinite)) throw new CrmError('NUMERIC_DOMAIN', 'total spend per period overflows a double (amounts sum beyond ±1.8e308); rescale the amounts', { path: ['amount'] });
    purchaseAmountTrend = judgeTrend(w, 3, alpha);
  }
  if (purchaseAmountTrend === null) reasons.push('purchase amount trend needs at least 3 periods of data');

  // Price sensitivity: within-item OLS of ln(quantity) on ln(unit price).
  let priceSensitivity: SatisfactionIndicators['priceSensitivity'] = null;
  if (table.item === undefined || table.quantity === undefined) {
    reasons.push('price sensitivity not computed: rows need item and quantity');
  } else {
    const sums = new Map<number, { n: number; sx: number; sy: number }>();
    const xs: number[] = [];
    const ys: number[] = [];
    const its: number[] = [];
    for (let i = 0; i < table.length; i++) {
      const it = table.item[i]!;
      const q = table.quantity[i]!;
      const a = table.amount[i]!;
      if ((table.day[i]!) >= asOf || it < 0 || !(q > 0) || !(a > 0)) continue;
      const x = Math.log(a / q);
      const y = Math.log(q);
      xs.push(x);
      ys.push(y);
      its.push(it);
      const s = sums.get(it) ?? { n: 0, sx: 0, sy: 0 };
      s.n += 1;
      s.sx += x;
      s.sy += y;
      sums.set(it, s);
    }
    let sxx = 0;
    let sxy = 0;
    for (let k = 0; k < xs.length; k++) {
      const s = sums.get(its[k]!) as { n: number; sx: number; sy: number };
      const dx = (xs[k]!) - s.sx / s.n;
      sxx += dx * dx;
      sxy += dx * ((ys[k]!) - s.sy / s.n);
    }
    const df = xs.length - sums.size - 1;
    if (sxx <= 0 || df < 1) {
      reasons.push('price sensitivity not computed: no price variation within items');
    } else {
      const b = sxy / sxx;
      let sse = 0;
      for (let k = 0; k < xs.length; k++) {
        const s = sums.get(its[k]!) as { n: number; sx: number; sy: number };
        const r = (ys[k]!) - s.sy / s.n - b * ((xs[k]!) - s.sx / s.n);
        sse += r * r;
      }
      const se = Math.sqrt(sse / df / sxx);
      const p = se === 0 ? 0 : studentTTwoSidedP(b / se, df);
      priceSensitivity = { elasticity: b, standardError: se, pValue: p, observations: xs.length, items: sums.size };
    }
  }
  return {
    asOf: dayToIsoDate(asOfDay),
    excludedAfterAsOf: excluded,
    repeatRate: buyers === 0 ? 0 : repeaters / buyers,
    complaintRate: complaintsBy === null ? null : totalOrders === 0 ? null : totalComplaints / totalOrders,
    purchaseAmountTrend,
    priceSensitivity,
    customers,
    reasons,
  };
}
