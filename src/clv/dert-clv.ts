/**
 * CLV = margin × DERT × expected spend per purchase, the "infinite horizon, continuously discounted"
 * CLV of Fader, Hardie & Lee (2005b, JMR 42(4), E(CLV) = E[M] × DERT) and CLVTools' `predict(…,
 * continuous.discount.factor)` (`predicted.CLV := DERT * predicted.mean.spending`,
 * R/f_generics_clvfittedtransactions.R). It is a separate function from `customerLifetimeValue`
 * (finite horizon, period steps): the two answer different questions and take different rates.
 */
import { CrmError, readNumber, readOptions, invalidOption } from '../core/index.js';
import { readParams } from './kit/index.js';
import { dertModelName, dertValues, PARAM_NAMES, readDelta, type DertModelInput } from './dert.js';
import * as gammaGammaModel from './gamma-gamma.js';
import type { ClvCustomer } from './customer-lifetime-value.js';
import type { TimeUnit } from './types.js';
import { checkUnit, type PeriodRate } from './units.js';

/** Options of {@link dertClv}. */
export interface DertClvOptions {
  transactionModel: DertModelInput;
  /** Gamma-Gamma params (`{ params }`), a model with `conditionalExpectedSpend(params, customer)`, or a constant spend per purchase. */
  spendModel: number | { model?: 'gammaGamma' | { conditionalExpectedSpend(params: never, customer: never): number }; params: object };
  customers: readonly ClvCustomer[];
  /** Continuous discount rate per model time unit (CLVTools' `continuous.discount.factor`). */
  delta?: number;
  /** Or an effective rate per period, e.g. `{ rate: 0.1, per: 'year' }` (needs the model's unit). */
  discountRate?: PeriodRate;
  /** The model's time unit, when `transactionModel.unit` does not say it. */
  unit?: TimeUnit;
  /** Profit margin applied to spend. Default 1 (revenue CLV, as CLVTools). */
  margin?: number;
}

/** One customer's DERT-based CLV. */
export interface DertClvCustomer {
  customerId?: string;
  /** Discounted expected residual transactions. */
  dert: number;
  /** Expected spend per purchase (the spend model's conditional expectation). */
  expectedSpend: number;
  /** margin × dert × expectedSpend. */
  clv: number;
}

/** Result of {@link dertClv}. */
export interface DertClvResult {
  customers: DertClvCustomer[];
  total: number;
  settings: { delta: number; margin: number; unit?: TimeUnit };
}

/**
 * Per-customer CLV from DERT × expected spend (input order), like CLVTools' `predicted.CLV`.
 *
 * @example
 * ```ts
 * import { dertClv } from 'crm-analytics/clv';
 * const out = dertClv({
 *   transactionModel: { model: 'paretoNbd', params: { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6679 }, unit: 'week' },
 *   spendModel: { params: { p: 6.2488, q: 3.7446, gamma: 15.4477 } },
 *   customers: [{ customerId: '1', frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }],
 *   discountRate: { rate: 0.15, per: 'year' },
 * });
 * out.customers[0]!.dert; // 6.5139
 * out.customers[0]!.clv;  // 160.62
 * ```
 */
export function dertClv(options: DertClvOptions): DertClvResult {
  const o = readOptions(options, ['transactionModel', 'spendModel', 'customers', 'delta', 'discountRate', 'unit', 'margin']);
  const tm = readOptions(o.transactionModel, ['model', 'params', 'unit'], ['transactionModel']);
  const name = dertModelName(tm.model, ['transactionModel', 'model']);
  const modelUnit = tm.unit === undefined ? undefined : checkUnit(tm.unit, ['transactionModel', 'unit']);
  const topUnit = o.unit === undefined ? undefined : checkUnit(o.unit, ['unit']);
  if (modelUnit !== undefined && topUnit !== undefined && modelUnit !== topUnit) {
    invalidOption(['unit'], 'unit and transactionModel.unit disagree', `'${modelUnit}'`, topUnit);
  }
  const unit = modelUnit ?? topUnit;
  const delta = readDelta(o.delta, o.discountRate, unit, []);
  const margin = o.margin === undefined ? 1 : readNumber(o.margin, ['margin']);
  const params = tm.params as Record<string, number>;
  readParams(params, PARAM_NAMES[name]);
  const customers = o.customers;
  if (!Array.isArray(customers)) {
    invalidOption(['customers'], 'customers must be an array', 'an array of { frequency, recency, T, monetaryValue }', customers);
  }
  const rows = customers as ClvCustomer[];
  const spend = spendFunction(o.spendModel);
  let derts: number[];
  try {
    derts = dertValues(name, params, delta, rows as never);
  } catch (e) {
    if (e instanceof CrmError) throw new CrmError(e.code, e.message, { path: ['customers', ...e.path], cause: e });
    throw e;
  }
  const out: DertClvCustomer[] = [];
  let total = 0;
  rows.forEach((c, i) => {
    let m: number;
    try {
      m = spend(c);
    } catch (e) {
      if (e instanceof CrmError) throw new CrmError(e.code, e.message, { path: ['customers', i, ...e.path.slice(1)], cause: e });
      throw e;
    }
    if (!(typeof m === 'number' && Number.isFinite(m))) {
      throw new CrmError('NUMERIC_DOMAIN', 'the spend model returned a non-finite value', { path: ['customers', i], expected: 'a finite number', received: m });
    }
    const d = derts[i]!;
    const row: DertClvCustomer = { dert: d, expectedSpend: m, clv: margin * d * m };
    if (typeof c.customerId === 'string') row.customerId = c.customerId;
    out.push(row);
    total += row.clv;
  });
  if (!Number.isFinite(total)) throw new CrmError('NUMERIC_DOMAIN', 'total CLV overflows a double', { path: ['customers'], expected: 'finite values' });
  return { customers: out, total, settings: { delta, margin, ...(unit === undefined ? {} : { unit }) } };
}

function spendFunction(input: unknown): (c: ClvCustomer) => number {
  if (typeof input === 'number') {
    const m = readNumber(input, ['spendModel'], { min: 0 });
    return () => m;
  }
  const s = readOptions(input, ['model', 'params'], ['spendModel']);
  const model = s.model ?? 'gammaGamma';
  const fn =
    model === 'gammaGamma'
      ? (gammaGammaModel.conditionalExpectedSpend as (p: unknown, c: unknown) => number)
      : typeof model === 'object' && model !== null && typeof (model as Record<string, unknown>).conditionalExpectedSpend === 'function'
        ? ((model as { conditionalExpectedSpend: (p: unknown, c: unknown) => number }).conditionalExpectedSpend.bind(model) as (p: unknown, c: unknown) => number)
        : undefined;
  if (fn === undefined) {
    invalidOption(['spendModel', 'model'], 'spendModel.model must be gammaGamma or provide conditionalExpectedSpend(params, customer)', "'gammaGamma' or a namespace with conditionalExpectedSpend", model);
  }
  if (typeof s.params !== 'object' || s.params === null) {
    invalidOption(['spendModel', 'params'], 'spendModel.params must be the fitted parameters', 'an object', s.params);
  }
  const params = s.params;
  return (c) => fn(params, { frequency: c.frequency, monetaryValue: c.monetaryValue ?? 0 });
}
