/**
 * Internal adapters for `predictionIntervals`: refit a model on weighted unique rows (a bootstrap
 * resample of customers is a multinomial weight vector over the unique rows) and evaluate its
 * per-customer predictions at given parameters.
 */
import * as bgNbdModel from './bg-nbd.js';
import { dertValues, type DertModelName } from './dert.js';
import * as gammaGammaModel from './gamma-gamma.js';
import * as ggomNbdModel from './ggom-nbd.js';
import * as modifiedBgNbdModel from './modified-bg-nbd.js';
import * as paretoNbdModel from './pareto-nbd.js';
import { withRefitHints } from './fit.js';
import { expectedAndAlive as paretoNbdExpectedAndAlive } from './pareto-nbd-likelihood.js';
import type { BtydColumns } from './types.js';

/** Unique (x, t_x, T) rows as columns. */
export interface UniqueRows extends BtydColumns {
  frequency: number[];
  recency: number[];
  T: number[];
}

/** What a transaction model contributes to the intervals. */
export interface TransactionAdapter {
  names: readonly string[];
  /** Refit on weighted rows from `start`; `covariance`: the original fit's, when `start` is its estimate (BFGS starts from it). */
  fit(rows: UniqueRows, weights: Float64Array, start: Record<string, number>, maxEvaluations: number, covariance?: ReadonlyArray<ReadonlyArray<number>>): { params: Record<string, number>; converged: boolean };
  expected(params: Record<string, number>, horizon: number, rows: UniqueRows): number[];
  alive(params: Record<string, number>, rows: UniqueRows): number[];
  /** Both at once, where the model shares the work (Pareto/NBD: E[Y(t)] is a factor times P(alive)). */
  expectedAndAlive?(params: Record<string, number>, horizon: number, rows: UniqueRows): { expected: number[]; alive: number[] };
  dert(params: Record<string, number>, delta: number, rows: UniqueRows): number[];
}

interface ModelNamespace {
  fit(data: BtydColumns, options: object): { params: object; converged: boolean };
  conditionalExpectedPurchases(params: never, t: number, data: BtydColumns): number[];
  probabilityAlive(params: never, data: BtydColumns): number[];
}

const NAMESPACES: Readonly<Record<DertModelName, { ns: ModelNamespace; names: readonly string[] }>> = {
  bgNbd: { ns: bgNbdModel as unknown as ModelNamespace, names: bgNbdModel.parameterNames },
  modifiedBgNbd: { ns: modifiedBgNbdModel as unknown as ModelNamespace, names: modifiedBgNbdModel.parameterNames },
  paretoNbd: { ns: paretoNbdModel as unknown as ModelNamespace, names: paretoNbdModel.parameterNames },
  ggomNbd: { ns: ggomNbdModel as unknown as ModelNamespace, names: ggomNbdModel.parameterNames },
};

/** The adapter of a built-in transaction model. */
export function transactionAdapter(name: DertModelName): TransactionAdapter {
  const { ns, names } = NAMESPACES[name];
  return {
    names,
    fit: (rows, weights, start, maxEvaluations, covariance) => {
      // Refits need no standard errors (the draws are the uncertainty): skip the Hessian.
      const f = ns.fit(rows, withRefitHints({ weights, initialParams: start, maxEvaluations }, { skipInformation: true, ...(covariance === undefined ? {} : { covariance }) }));
      return { params: f.params as Record<string, number>, converged: f.converged };
    },
    expected: (params, horizon, rows) => ns.conditionalExpectedPurchases(params as never, horizon, rows),
    alive: (params, rows) => ns.probabilityAlive(params as never, rows),
    ...(name === 'paretoNbd' ? { expectedAndAlive: (params: Record<string, number>, horizon: number, rows: UniqueRows) => paretoNbdExpectedAndAlive(names.map((n) => params[n]!), horizon, rows) } : {}),
    dert: (params, delta, rows) => dertValues(name, params, delta, rows),
  };
}

/** Unique (x, z̄) rows for the spend model. */
export interface SpendRows {
  frequency: number[];
  monetaryValue: number[];
}

/** Gamma-Gamma refit on weighted rows; undefined when the resample cannot be fitted (fewer than two repeat buyers, one spend). */
export function fitSpend(rows: SpendRows, weights: Float64Array, start: Record<string, number>, maxEvaluations: number): { params: Record<string, number>; converged: boolean } {
  const f = gammaGammaModel.fit(rows, { weights, initialParams: start as never, maxEvaluations });
  return { params: f.params as unknown as Record<string, number>, converged: f.converged };
}

/** Conditional expected spend per unique spend row. */
export function expectedSpend(params: Record<string, number>, rows: SpendRows): number[] {
  const out: number[] = [];
  for (let i = 0; i < rows.frequency.length; i++) {
    out.push(gammaGammaModel.conditionalExpectedSpend(params as never, { frequency: rows.frequency[i]!, monetaryValue: rows.monetaryValue[i]! }));
  }
  return out;
}
