/**
 * Probabilistic CLV per customer: a transaction model's expected purchases per period × a spend
 * model's expected spend per purchase × a margin, discounted period by period:
 *
 *   CLV = margin · m̂ · Σ_{i=1}^{K} [E(b_i) − E(b_{i−1})] / (1 + d)^{i}
 *
 * where E(t) is the conditional expected number of purchases in (T, T + t] (model time units),
 * b_i the end of period i in model units, d the discount rate per period, and m̂ the conditional
 * expected spend (Gamma-Gamma: Fader, Hardie & Lee 2005b, JMR 42(4), E(CLV) = E[M]·discounted
 * transactions). This is the discrete approximation of lifetimes' `customer_lifetime_value`
 * (`lifetimes/utils.py::_customer_lifetime_value`), with its hidden conventions made explicit:
 * lifetimes always steps in months, turns a month into 30 days / 4.345 weeks of model time and
 * discounts monthly. Here the step (`period`), the month length and the discount period are
 * options, a month is 365.25/12 days by default, and `convention: 'lifetimes'` reproduces it.
 */
import { CrmError, readOneOf, readOptions, readRate, invalidOption, invalidInput } from '../core/index.js';
import type { DateInput } from '../core/index.js';
import * as bgBbModel from './bg-bb.js';
import * as bgCnbdKModel from './bg-cnbd-k.js';
import * as modifiedBgCnbdKModel from './modified-bg-cnbd-k.js';
import * as bgNbdModel from './bg-nbd.js';
import * as gammaGammaModel from './gamma-gamma.js';
import * as modifiedBgNbdModel from './modified-bg-nbd.js';
import * as paretoNbdModel from './pareto-nbd.js';
import * as sbdwModel from './sbdw.js';
import * as sbgModel from './sbg.js';
import type { TimeUnit } from './types.js';
import { calendarMonthLengths, checkUnit, convertDiscountRate, daysPerUnit, lifetimesStepsPerMonth, type Duration, type MonthLength, type PeriodRate } from './units.js';

/** Anything with the transaction models' conditional expectation: E[purchases in (T, T+t] | customer]. */
export interface TransactionModelLike {
  conditionalExpectedPurchases(params: never, t: number, customer: never): number | number[];
}

/** Anything with the spend models' conditional expectation: E[spend per purchase | customer]. */
export interface SpendModelLike {
  conditionalExpectedSpend(params: never, customer: never): number | number[];
}

/** Built-in transaction models by name. */
export type TransactionModelName = 'bgNbd' | 'modifiedBgNbd' | 'paretoNbd' | 'bgBb' | 'sbg' | 'sbdw' | 'bgCnbdK' | 'modifiedBgCnbdK';

/** The transaction model: a namespace (e.g. `bgNbd`) or its name, its fitted params and optionally its time unit. */
export interface TransactionModelInput {
  model: TransactionModelLike | TransactionModelName;
  params: object;
  /** Time unit of the model's data (the unit of `recency` and `T`); or give `unit` at the top level. */
  unit?: TimeUnit;
}

/** The spend model: Gamma-Gamma params (`{ params }`), another model, or a constant spend per purchase. */
export type SpendModelInput = number | { model?: SpendModelLike | 'gammaGamma'; params: object };

/** A customer: whatever the transaction model needs (frequency, recency, T, …; sBG: periods, churned) plus spend data. */
export interface ClvCustomer {
  customerId?: string;
  frequency?: number;
  churned?: boolean;
  recency?: number;
  T?: number;
  periods?: number;
  /** Mean repeat spend z̄ (needed by Gamma-Gamma when frequency > 0). */
  monetaryValue?: number;
}

/** Options of {@link customerLifetimeValue}. */
export interface CustomerLifetimeValueOptions {
  transactionModel: TransactionModelInput;
  spendModel: SpendModelInput;
  customers: readonly ClvCustomer[];
  /** How far ahead: a number of `period`s, or a duration with its unit (e.g. `{ value: 1, unit: 'year' }`). */
  horizon: number | Duration;
  /** Time unit of the transaction model (the unit of `recency`/`T`): lifetimes' `freq`. */
  unit?: TimeUnit;
  /** Discount rate per `period` (a number), or with its own period (`{ rate: 0.1, per: 'year' }`, converted by compounding). Default 0. */
  discountRate?: number | PeriodRate;
  /** Cash-flow and discounting step. Default `'month'`. */
  period?: TimeUnit;
  /**
   * Month length: `'average'` (365.25/12 days, default), `'30-day'`, or `'calendar'` (actual
   * calendar months from `start`; needs `period: 'month'`).
   */
  month?: MonthLength | 'calendar';
  /** First day of the projection (the end of the observation period), for calendar months. */
  start?: DateInput;
  /** `'explicit'` (default) or `'lifetimes'`: 30-day months (4.345 weeks), monthly steps and discounting, horizon in months. (0.1: `conventions`.) */
  convention?: 'explicit' | 'lifetimes';
  /** When each period's cash flow is discounted: at its end ((1+d)^i, lifetimes) or its middle ((1+d)^(i−½)). Default `'end'`. */
  discountTiming?: 'end' | 'middle';
  /** Profit margin applied to spend (e.g. 0.3 for 30 %). Default 1 (revenue CLV, as lifetimes). */
  margin?: number;
}

/** One customer's CLV. */
export interface CustomerClv {
  customerId?: string;
  /** Discounted value over the horizon: margin × expectedSpend × discountedPurchases. */
  clv: number;
  /** Expected purchases over the whole horizon (undiscounted). */
  expectedPurchases: number;
  /** Σ_i [E(b_i) − E(b_{i−1})] / (1+d)^i. */
  discountedPurchases: number;
  /** Expected spend per purchase from the spend model. */
  expectedSpend: number;
}

/** One cash-flow period of {@link CustomerLifetimeValueResult.byPeriod}, summed over customers. */
export interface ClvPeriod {
  /** 1, 2, …, K. */
  period: number;
  /** End of the period in model time units (b_i). */
  end: number;
  /** Σ over customers of E(b_i) − E(b_{i−1}). */
  expectedPurchases: number;
  /** Σ over customers of margin × spend × (E(b_i) − E(b_{i−1})), undiscounted. */
  value: number;
  /** 1/(1+d)^i (or ^(i−½)). */
  discountFactor: number;
  /** value × discountFactor. */
  discountedValue: number;
}

/** Result of {@link customerLifetimeValue}: per customer (input order), per period, total, and the resolved settings. */
export interface CustomerLifetimeValueResult {
  customers: CustomerClv[];
  /** Totals per cash-flow period, for charts of value over the horizon. */
  byPeriod: ClvPeriod[];
  total: number;
  /** What the options resolved to, so the units are never hidden. */
  settings: {
    convention: 'explicit' | 'lifetimes';
    modelUnit: TimeUnit;
    period: TimeUnit;
    /** Number of cash-flow periods (the last may be partial). */
    periods: number;
    /** Ends of the periods in model time units, b_1 … b_K. */
    boundaries: number[];
    /** Discount rate per period. */
    discountRate: number;
    discountTiming: 'end' | 'middle';
    /** Days in one month as used ('calendar' months vary: see boundaries). */
    monthDays: number | 'calendar';
    margin: number;
  };
}

const TRANSACTION_MODELS: Readonly<Record<TransactionModelName, TransactionModelLike>> = {
  bgNbd: bgNbdModel as unknown as TransactionModelLike,
  modifiedBgNbd: modifiedBgNbdModel as unknown as TransactionModelLike,
  paretoNbd: paretoNbdModel as unknown as TransactionModelLike,
  bgBb: bgBbModel as unknown as TransactionModelLike,
  sbg: sbgModel as unknown as TransactionModelLike,
  sbdw: sbdwModel as unknown as TransactionModelLike,
  bgCnbdK: bgCnbdKModel as unknown as TransactionModelLike,
  modifiedBgCnbdK: modifiedBgCnbdKModel as unknown as TransactionModelLike,
};

function resolveTransactionModel(input: unknown): { fn: (t: number, c: unknown) => unknown; unit: TimeUnit | undefined; builtin: boolean } {
  if (typeof input !== 'object' || input === null) invalidOption(['transactionModel'], 'transactionModel must be an object', '{ model, params, unit? }', input);
  const o = input as Record<string, unknown>;
  let model = o.model;
  if (typeof model === 'string') {
    if (!Object.prototype.hasOwnProperty.call(TRANSACTION_MODELS, model)) {
      invalidOption(['transactionModel', 'model'], 'unknown transaction model name', `one of ${Object.keys(TRANSACTION_MODELS).join(', ')}, or a model namespace`, model);
    }
    model = TRANSACTION_MODELS[model as TransactionModelName];
  }
  if (typeof model !== 'object' || model === null || typeof (model as Record<string, unknown>).conditionalExpectedPurchases !== 'function') {
    invalidOption(['transactionModel', 'model'], 'transactionModel.model must provide conditionalExpectedPurchases(params, t, customer)', 'a model namespace such as bgNbd, or its name', model);
  }
  if (typeof o.params !== 'object' || o.params === null) {
    invalidOption(['transactionModel', 'params'], 'transactionModel.params must be the fitted parameters', 'an object', o.params);
  }
  const f = (model as { conditionalExpectedPurchases: (p: unknown, t: number, c: unknown) => unknown }).conditionalExpectedPurchases;
  const params = o.params;
  const unit = o.unit === undefined ? undefined : checkUnit(o.unit, ['transactionModel', 'unit']);
  const builtin = Object.values(TRANSACTION_MODELS).includes(model as TransactionModelLike);
  return { fn: (t, c) => f.call(model, params, t, c), unit, builtin };
}

function resolveSpendModel(input: unknown): (c: unknown) => unknown {
  if (typeof input === 'number') {
    if (!(Number.isFinite(input) && input >= 0)) invalidOption(['spendModel'], 'a constant spend per purchase must be a non-negative number', 'a finite number ≥ 0', input);
    return () => input;
  }
  if (typeof input !== 'object' || input === null) invalidOption(['spendModel'], 'spendModel must be Gamma-Gamma params, a model or a number', '{ params } | { model, params } | number', input);
  const o = input as Record<string, unknown>;
  let model = o.model ?? 'gammaGamma';
  if (model === 'gammaGamma') model = gammaGammaModel;
  if (typeof model !== 'object' || model === null || typeof (model as Record<string, unknown>).conditionalExpectedSpend !== 'function') {
    invalidOption(['spendModel', 'model'], 'spendModel.model must provide conditionalExpectedSpend(params, customer)', "'gammaGamma' or a namespace with conditionalExpectedSpend", model);
  }
  if (typeof o.params !== 'object' || o.params === null) {
    invalidOption(['spendModel', 'params'], 'spendModel.params must be the fitted parameters', 'an object', o.params);
  }
  const f = (model as { conditionalExpectedSpend: (p: unknown, c: unknown) => unknown }).conditionalExpectedSpend;
  const params = o.params;
  return (c) => f.call(model, params, c);
}

/** Cache key of a customer for the built-in models, or undefined when a field is not a plain number/boolean. */
function cacheKey(c: Record<string, unknown>): string | undefined {
  const f = c.frequency;
  const r = c.recency;
  const T = c.T;
  const n = c.periods;
  const ch = c.churned;
  for (const v of [f, r, T, n]) if (v !== undefined && typeof v !== 'number') return undefined;
  if (ch !== undefined && typeof ch !== 'boolean') return undefined;
  return `${String(f)}|${String(r)}|${String(T)}|${String(n)}|${String(ch)}`;
}

const CLV_OPTION_KEYS = ['transactionModel', 'spendModel', 'customers', 'horizon', 'unit', 'discountRate', 'period', 'month', 'start', 'convention', 'discountTiming', 'margin'] as const;
const CONVENTIONS = ['explicit', 'lifetimes'] as const;

/**
 * Per-customer CLV from a transaction model and a spend model over a horizon, with explicit units.
 * Defaults are safe: monthly steps of 365.25/12 days converted into the model's unit, the
 * discount rate per period (or converted from its own period), discounting at period ends.
 * `convention: 'lifetimes'` gives lifetimes' `customer_lifetime_value(model, x, t_x, T, m, time,
 * discount_rate, freq)` exactly (30-day months, 4.345-week months, monthly discount).
 *
 * @example
 * ```ts
 * import { bgNbd, gammaGamma, customerLifetimeValue } from 'crm-analytics/clv';
 * const out = customerLifetimeValue({
 *   transactionModel: { model: bgNbd, params: { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 } },
 *   spendModel: { params: { p: 6.2488, q: 3.7446, gamma: 15.4477 } },
 *   customers: [{ customerId: '1', frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }],
 *   unit: 'week',                                 // the model was fit in weeks
 *   horizon: { value: 1, unit: 'year' },          // 12 months of 30.4375 days
 *   discountRate: { rate: 0.1, per: 'year' },     // 10 % a year, compounded monthly
 * });
 * out.customers[0]!.clv;
 * ```
 */
export function customerLifetimeValue(options: CustomerLifetimeValueOptions): CustomerLifetimeValueResult {
  if (typeof options !== 'object' || options === null) invalidOption(['options'], 'options must be an object', 'an object', options);
  // Unknown keys (0.1's `conventions` included) are INVALID_OPTION with a did-you-mean.
  const o = readOptions(options, CLV_OPTION_KEYS, []);
  const tm = resolveTransactionModel(o.transactionModel);
  const spend = resolveSpendModel(o.spendModel);
  const convention = readOneOf(o.convention, ['convention'], CONVENTIONS, 'explicit');
  const topUnit = o.unit === undefined ? undefined : checkUnit(o.unit, ['unit']);
  if (topUnit !== undefined && tm.unit !== undefined && topUnit !== tm.unit) {
    invalidOption(['unit'], 'unit and transactionModel.unit disagree', `'${tm.unit}' (transactionModel.unit)`, topUnit);
  }
  const modelUnit = topUnit ?? tm.unit;
  if (modelUnit === undefined) {
    invalidOption(['unit'], "state the transaction model's time unit (the unit of recency and T): a silent default is how CLVs go wrong", "'day', 'week', 'month', 'quarter' or 'year'", undefined);
  }
  const period = o.period === undefined ? 'month' : checkUnit(o.period, ['period']);
  const monthOpt = (o.month ?? (convention === 'lifetimes' ? '30-day' : 'average')) as unknown;
  if (monthOpt !== 'average' && monthOpt !== '30-day' && monthOpt !== 'calendar') invalidOption(['month'], 'unknown month length', "'average', '30-day' or 'calendar'", monthOpt);
  const timing = (o.discountTiming ?? 'end') as unknown;
  if (timing !== 'end' && timing !== 'middle') invalidOption(['discountTiming'], 'unknown discount timing', "'end' or 'middle'", timing);
  const margin = o.margin ?? 1;
  if (!(typeof margin === 'number' && Number.isFinite(margin))) invalidOption(['margin'], 'margin must be a finite number', 'a finite number', margin);
  if (convention === 'lifetimes') {
    if (period !== 'month') invalidOption(['period'], "lifetimes' convention steps in months", "'month'", period);
    if (monthOpt !== '30-day') invalidOption(['month'], "lifetimes' convention uses 30-day months", "'30-day'", monthOpt);
    if (timing !== 'end') invalidOption(['discountTiming'], "lifetimes' convention discounts at period ends", "'end'", timing);
  }
  if (monthOpt === 'calendar' && period !== 'month') invalidOption(['period'], 'calendar months need monthly periods', "'month'", period);
  const monthLength: MonthLength = monthOpt === '30-day' ? '30-day' : 'average';

  // Horizon in periods.
  const h = o.horizon;
  let horizonPeriods: number;
  let horizonDays: number | undefined;
  if (typeof h === 'number') {
    if (!(Number.isFinite(h) && h >= 0)) invalidOption(['horizon'], 'horizon must be a non-negative number of periods', 'a finite number ≥ 0', h);
    horizonPeriods = h;
  } else if (typeof h === 'object' && h !== null) {
    const d = h as Record<string, unknown>;
    const v = d.value;
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      invalidOption(['horizon', 'value'], 'horizon.value must be a non-negative number', 'a finite number ≥ 0', v);
    }
    const hu = checkUnit(d.unit, ['horizon', 'unit']);
    horizonDays = v * daysPerUnit(hu, { month: monthLength });
    horizonPeriods = monthOpt === 'calendar' && hu === 'month' ? v : horizonDays / daysPerUnit(period, { month: monthLength });
  } else {
    return invalidOption(['horizon'], 'horizon must be a number of periods or { value, unit }', 'a number or { value, unit }', h);
  }
  // Snap values within 1e-9 of an integer (e.g. 1 year = 12.000000000000002 months).
  if (Math.abs(horizonPeriods - Math.round(horizonPeriods)) < 1e-9) horizonPeriods = Math.round(horizonPeriods);
  if (horizonPeriods > 100_000) invalidOption(['horizon'], 'horizon is too long', 'at most 100,000 periods', horizonPeriods);
  const K = Math.ceil(horizonPeriods);

  // Discount rate per period.
  const dr = o.discountRate ?? 0;
  let d: number;
  if (typeof dr === 'number') {
    // readRate: a rate ≥ 1 is refused with the percentage hint (issue 16: 10 for "10 %" turned a CLV of 12,189 into 154).
    d = readRate(dr, ['discountRate']);
  } else if (typeof dr === 'object' && dr !== null) {
    const r = dr as Record<string, unknown>;
    readOptions(r, ['rate', 'per'], ['discountRate']);
    const rate = readRate(r.rate, ['discountRate', 'rate']);
    const per = checkUnit(r.per, ['discountRate', 'per']);
    d = convertDiscountRate(rate, per, period, { month: monthLength });
  } else {
    return invalidOption(['discountRate'], 'discountRate must be a number or { rate, per }', 'a number ≥ 0 or { rate, per }', dr);
  }

  // Period boundaries in model time units.
  const unit = modelUnit as TimeUnit;
  const boundaries: number[] = [];
  if (convention === 'lifetimes') {
    const step = lifetimesStepsPerMonth(unit);
    for (let i = 1; i <= K; i++) boundaries.push(Math.min(i, horizonPeriods) * step);
  } else if (monthOpt === 'calendar') {
    if (o.start === undefined) invalidOption(['start'], 'calendar months need the projection start date', 'a date (the end of the observation period)', undefined);
    const lengths = calendarMonthLengths(o.start as DateInput, K);
    const perUnit = daysPerUnit(unit, { month: monthLength });
    let acc = 0;
    for (let i = 0; i < K; i++) {
      const frac = Math.min(1, horizonPeriods - i);
      acc += (lengths[i]!) * frac;
      boundaries.push(acc / perUnit);
    }
  } else {
    const step = daysPerUnit(period, { month: monthLength }) / daysPerUnit(unit, { month: monthLength });
    for (let i = 1; i <= K; i++) boundaries.push(Math.min(i, horizonPeriods) * step);
  }
  const discountAt = boundaries.map((_, i) => {
    const end = Math.min(i + 1, horizonPeriods);
    const exponent = timing === 'end' ? end : (i + end) / 2;
    return Math.exp(-exponent * Math.log1p(d));
  });

  const customers = o.customers;
  if (!Array.isArray(customers)) invalidOption(['customers'], 'customers must be an array', 'an array of customers', customers);
  const out: CustomerClv[] = [];
  let total = 0;
  const curves = new Map<string, Float64Array>();
  const periodPurchases = new Float64Array(K);
  const periodValue = new Float64Array(K);
  (customers as unknown[]).forEach((c, i) => {
    if (typeof c !== 'object' || c === null) {
      invalidInput(['customers', i], 'a customer must be an object', '{ frequency, recency, T, monetaryValue }', c);
    }
    const call = <T>(fn: () => T): T => {
      try {
        return fn();
      } catch (e) {
        if (e instanceof CrmError) {
          // A single-customer model reports ['customer', field]: re-root it at this customer.
          const inner = e.path[0] === 'customer' ? e.path.slice(1) : e.path;
          throw new CrmError(e.code, e.message, { path: ['customers', i, ...inner], cause: e });
        }
        throw new CrmError('NUMERIC_DOMAIN', `the model failed for this customer: ${String(e)}`, { path: ['customers', i], cause: e });
      }
    };
    const m = call(() => spend(c));
    if (!(typeof m === 'number' && Number.isFinite(m))) {
      throw new CrmError('NUMERIC_DOMAIN', 'the spend model returned a non-finite value', { path: ['customers', i], expected: 'a finite number', received: m });
    }
    // Built-in models depend only on (frequency, recency, T, periods, churned): customers with the
    // same numbers share one evaluation (CDNOW: the 1,411 non-repeaters have 84 distinct T).
    const key = tm.builtin ? cacheKey(c as Record<string, unknown>) : undefined;
    let curve = key === undefined ? undefined : curves.get(key);
    if (curve === undefined) {
      curve = new Float64Array(K);
      for (let k = 0; k < K; k++) {
        const e = call(() => tm.fn(boundaries[k]!, c));
        if (!(typeof e === 'number' && Number.isFinite(e) && e >= 0)) {
          throw new CrmError('NUMERIC_DOMAIN', 'the transaction model returned an invalid expectation', { path: ['customers', i], expected: 'a finite number ≥ 0', received: e });
        }
        curve[k] = e;
      }
      if (key !== undefined) curves.set(key, curve);
    }
    let prev = 0;
    let discounted = 0;
    for (let k = 0; k < K; k++) {
      const e = curve[k]!;
      const inc = e - prev;
      discounted += inc * (discountAt[k]!);
      periodPurchases[k] = (periodPurchases[k]!) + inc;
      periodValue[k] = (periodValue[k]!) + margin * m * inc;
      prev = e;
    }
    const clv = margin * m * discounted;
    const row: CustomerClv = { clv, expectedPurchases: prev, discountedPurchases: discounted, expectedSpend: m };
    const id = (c as Record<string, unknown>).customerId;
    if (typeof id === 'string') row.customerId = id;
    out.push(row);
    total += clv;
  });
  if (!Number.isFinite(total)) {
    throw new CrmError('NUMERIC_DOMAIN', 'total CLV overflows a double', { path: ['customers'], expected: 'finite values' });
  }
  const byPeriod: ClvPeriod[] = boundaries.map((end, k) => ({
    period: k + 1,
    end,
    expectedPurchases: periodPurchases[k]!,
    value: periodValue[k]!,
    discountFactor: discountAt[k]!,
    discountedValue: (periodValue[k]!) * (discountAt[k]!),
  }));
  return {
    customers: out,
    byPeriod,
    total,
    settings: {
      convention,
      modelUnit: unit,
      period,
      periods: K,
      boundaries,
      discountRate: d,
      discountTiming: timing,
      monthDays: monthOpt === 'calendar' ? 'calendar' : daysPerUnit('month', { month: monthLength }),
      margin,
    },
  };
}
