/**
 * DERT — discounted expected residual transactions: the expected number of a customer's future
 * purchases, each discounted continuously to the end of the observation period,
 * E[Σ_j e^(−δ τ_j) | x, t_x, T] = ∫₀^∞ e^(−δt) dE[Y(t) | x, t_x, T] (Fader, Hardie & Lee 2005b,
 * JMR 42(4), §"DERT"), for the BG/NBD, MBG/NBD, Pareto/NBD and GGom/NBD. Multiply by the expected spend per
 * purchase for a CLV (`dertClv`, CLVTools' `predicted.CLV = DERT × predicted.mean.spending`).
 *
 * - Pareto/NBD: FHL 2005b eq. 2 with Tricomi's U (`dert-pareto-nbd.ts`), as CLVTools.
 * - BG/NBD, MBG/NBD: P(alive) · E[λ/(δ+pλ)] over the posterior of (λ, p), one quadrature in p
 *   (`dert-bg-family.ts`; CLVTools 0.12 has no BG/NBD DERT).
 * - GGom/NBD: P(alive) · E[λ] · ∫₀^∞ e^(−δt) S(T+t)/S(T) dt over the posterior (`ggom-nbd.ts`).
 */
import { CrmError, readNumber, readOptions, invalidOption } from '../core/index.js';
import * as bgNbdModel from './bg-nbd.js';
import { checkCustomer, readParams, rowAccessor, rowCount } from './kit/index.js';
import { bgFamilyDert } from './dert-bg-family.js';
import { continuousDiscountRatePerUnit } from './dert-discount-rate.js';
import { paretoNbdDert } from './dert-pareto-nbd.js';
import * as ggomNbdModel from './ggom-nbd.js';
import * as modifiedBgNbdModel from './modified-bg-nbd.js';
import * as paretoNbdModel from './pareto-nbd.js';
import type { BtydCustomer, BtydData, TimeUnit } from './types.js';
import { checkUnit, type PeriodRate } from './units.js';

/** The models with a DERT. */
export type DertModelName = 'bgNbd' | 'modifiedBgNbd' | 'paretoNbd' | 'ggomNbd';

/** A transaction model for {@link dert}: its name (or namespace) and fitted params. */
export interface DertModelInput {
  model: DertModelName | typeof bgNbdModel | typeof modifiedBgNbdModel | typeof paretoNbdModel | typeof ggomNbdModel;
  params: object;
  /** The model's time unit (the unit of recency and T), needed with `discountRate`. */
  unit?: TimeUnit;
}

/** Options of {@link dert}: the discount rate, as `delta` or as `discountRate` with the model's `unit`. */
export interface DertOptions {
  /** Continuous discount rate per model time unit (CLVTools' `continuous.discount.factor`), > 0. */
  delta?: number;
  /** An effective rate per period, e.g. `{ rate: 0.15, per: 'year' }`, converted to δ = ln(1+rate)·unit/per. */
  discountRate?: PeriodRate;
  /** The model's time unit, when `transactionModel.unit` does not say it. */
  unit?: TimeUnit;
}

const BY_NAME: Readonly<Record<DertModelName, object>> = { bgNbd: bgNbdModel, modifiedBgNbd: modifiedBgNbdModel, paretoNbd: paretoNbdModel, ggomNbd: ggomNbdModel };

/** @internal Parameter names per model. */
export const PARAM_NAMES: Readonly<Record<DertModelName, readonly string[]>> = {
  bgNbd: ['r', 'alpha', 'a', 'b'],
  modifiedBgNbd: ['r', 'alpha', 'a', 'b'],
  paretoNbd: ['r', 'alpha', 's', 'beta'],
  ggomNbd: ['r', 'alpha', 'b', 's', 'beta'],
};

/** @internal The model name of a name or namespace. */
export function dertModelName(model: unknown, path: ReadonlyArray<string | number>): DertModelName {
  for (const [name, ns] of Object.entries(BY_NAME)) if (model === name || model === ns) return name as DertModelName;
  invalidOption([...path], 'DERT is available for the BG/NBD, MBG/NBD, Pareto/NBD and GGom/NBD', "'bgNbd', 'modifiedBgNbd', 'paretoNbd' or 'ggomNbd' (or the namespace)", model);
}

/** @internal δ from `delta` or `discountRate` + unit (exactly one). */
export function readDelta(delta: unknown, discountRate: unknown, unit: TimeUnit | undefined, path: ReadonlyArray<string | number>): number {
  if (delta !== undefined && discountRate !== undefined) {
    invalidOption([...path, 'discountRate'], 'give either delta or discountRate, not both', 'one of them', discountRate);
  }
  let d: number;
  if (delta !== undefined) {
    d = readNumber(delta, [...path, 'delta'], { min: 0 });
  } else if (discountRate !== undefined) {
    if (unit === undefined) {
      invalidOption([...path, 'unit'], "a discountRate needs the model's time unit (the unit of recency and T)", "'day', 'week', 'month', 'quarter' or 'year'", unit);
    }
    d = continuousDiscountRatePerUnit(discountRate as PeriodRate, unit, [...path, 'discountRate']);
  } else {
    invalidOption([...path, 'delta'], 'DERT needs a discount rate: delta (continuous, per model time unit) or discountRate ({ rate, per } with unit)', 'a number > 0, e.g. Math.log(1.15) / 52 for 15 % a year in weeks', undefined);
  }
  if (!(d > 0)) {
    invalidOption([...path, delta !== undefined ? 'delta' : 'discountRate'], 'the discount rate must be positive: undiscounted residual transactions are unbounded when dropout is rare', 'a rate > 0', d);
  }
  return d;
}

/** @internal Per-customer DERT for a resolved model, params already checked. */
export function dertValues(name: DertModelName, params: Record<string, number>, delta: number, customers: BtydData): number[] {
  const n = rowCount(customers);
  const row = rowAccessor(customers);
  const rows: BtydCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const c = row(i);
    checkCustomer(c.frequency, c.recency, c.T, c.path);
    rows.push(c);
  }
  const out = new Array<number>(n);
  const cache = new Map<string, number>();
  if (name === 'ggomNbd') {
    const p = readParams(params, ggomNbdModel.parameterNames);
    const byT = new Map<number, number>();
    rows.forEach((c, i) => (out[i] = ggomNbdModel.dertOne(p, delta, c, byT)));
  } else if (name === 'paretoNbd') {
    const p = params as unknown as paretoNbdModel.ParetoNbdParams;
    const f = paretoNbdDert(p, delta);
    const lnL = paretoNbdModel.individualLogLikelihoods(p, customers);
    rows.forEach((c, i) => (out[i] = f(c, lnL[i]!)));
  } else {
    const f = bgFamilyDert(name === 'bgNbd' ? 0 : 1, readParams(params, ['r', 'alpha', 'a', 'b']), delta);
    rows.forEach((c, i) => {
      const key = `${c.frequency}|${c.recency}|${c.T}`;
      let v = cache.get(key);
      if (v === undefined) {
        v = f(c);
        cache.set(key, v);
      }
      out[i] = v;
    });
  }
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(out[i])) {
      throw new CrmError('NUMERIC_DOMAIN', 'DERT is not finite for this customer', { path: [i], expected: 'a finite number', received: out[i] });
    }
  }
  return out;
}

/**
 * Discounted expected residual transactions per customer (input order), at a continuous discount
 * rate δ per model time unit: `{ delta }`, or `{ discountRate: { rate, per }, unit }` converted by
 * δ = ln(1 + rate) · unit/per.
 *
 * @example
 * ```ts
 * import { dert } from 'crm-analytics/clv';
 * const pnbd = { r: 0.5629966, alpha: 12.559037, s: 0.4081095, beta: 10.5148048 };
 * dert({ model: 'paretoNbd', params: pnbd }, [{ frequency: 7, recency: 35, T: 77.86 }], { delta: 0.0027 })[0]; // 1.86418 (BTYD's pnbd.DERT example)
 * const bg = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };
 * dert({ model: 'bgNbd', params: bg, unit: 'week' }, [{ frequency: 2, recency: 30.43, T: 38.86 }], { discountRate: { rate: 0.15, per: 'year' } })[0]; // 5.1795
 * ```
 */
export function dert(transactionModel: DertModelInput, customers: BtydData, options: DertOptions): number[] {
  const tm = readOptions(transactionModel, ['model', 'params', 'unit'], ['transactionModel']);
  const name = dertModelName(tm.model, ['transactionModel', 'model']);
  const o = readOptions(options, ['delta', 'discountRate', 'unit']);
  const modelUnit = tm.unit === undefined ? undefined : checkUnit(tm.unit, ['transactionModel', 'unit']);
  const topUnit = o.unit === undefined ? undefined : checkUnit(o.unit, ['options', 'unit']);
  if (modelUnit !== undefined && topUnit !== undefined && modelUnit !== topUnit) {
    invalidOption(['options', 'unit'], 'unit and transactionModel.unit disagree', `'${modelUnit}'`, topUnit);
  }
  const delta = readDelta(o.delta, o.discountRate, modelUnit ?? topUnit, ['options']);
  const params = tm.params as Record<string, number>;
  if (typeof params !== 'object' || params === null) {
    invalidOption(['transactionModel', 'params'], 'transactionModel.params must be the fitted parameters', 'an object', params);
  }
  readParams(params, PARAM_NAMES[name]);
  return dertValues(name, params, delta, customers);
}
