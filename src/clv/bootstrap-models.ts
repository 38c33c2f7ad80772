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
import { invalidInput } from '../core/index.js';
import { withRefitHints } from './fit.js';
import { checkCustomer } from './kit/index.js';
import { expectedAndAlive as paretoNbdExpectedAndAlive } from './pareto-nbd-likelihood.js';
import type { BtydColumns, BtydCustomer } from './types.js';

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

/**
 * A fitted transaction model prepared for `predictionIntervals`: its parameter vector φ (the
 * covariance's order), the data customers mapped to unique fit rows (a resample is a weight vector
 * over them), the prediction customers mapped to unique prediction rows, a refit and the
 * predictions at any φ. The plain models, the static-covariate models and the time-varying one
 * each build one (here and in ./bootstrap-covariates.ts).
 */
export interface TransactionEngine {
  /** Names of φ (the fit's parameter order): keys of `parameterDraws.transaction`. */
  names: readonly string[];
  /** φ at the estimate. */
  estimate: readonly number[];
  /** Per coordinate: positive (delta method on ln φ) or a coefficient (on φ). */
  logScale: readonly boolean[];
  /** The fit's covariance of φ (natural scale), when it has one. */
  covariance: number[][] | null | undefined;
  /** The data customers (their spend rows are read from them) and the path that names them. */
  dataRows: readonly object[];
  dataPath: ReadonlyArray<string | number>;
  /** Each data customer's unique fit row, and the number of fit rows. */
  fitIndex: Int32Array;
  fitRows: number;
  /** The prediction customers, their path, each one's unique prediction row. */
  predRows: readonly object[];
  predPath: ReadonlyArray<string | number>;
  predIndex: Int32Array;
  /** Refit on weights over the fit rows: from the estimate (`warm`, with its covariance) or from the model's own start. */
  refit(weights: Float64Array, warm: boolean, maxEvaluations: number): { phi: number[]; converged: boolean };
  /** Predictions per unique prediction row at φ; `dert` when `delta` is given. */
  evaluate(phi: readonly number[], horizon: number, delta: number | undefined): { cet: number[]; alive: number[]; dert?: number[] };
}

/** Unique rows of a customer list: the rows and each customer's row index. */
export function uniqueTransactionRows(rows: readonly unknown[], path: ReadonlyArray<string | number>): { rows: UniqueRows; index: Int32Array } {
  const map = new Map<string, number>();
  const out: UniqueRows = { frequency: [], recency: [], T: [] };
  const index = new Int32Array(rows.length);
  rows.forEach((value, i) => {
    if (typeof value !== 'object' || value === null) {
      invalidInput([...path, i], 'a customer must be an object', '{ frequency, recency, T }', value);
    }
    const c = value as BtydCustomer;
    checkCustomer(c.frequency, c.recency, c.T, (f) => [...path, i, f]);
    const key = `${c.frequency}|${c.recency}|${c.T}`;
    let u = map.get(key);
    if (u === undefined) {
      u = out.frequency.length;
      map.set(key, u);
      out.frequency.push(c.frequency);
      out.recency.push(c.recency);
      out.T.push(c.T);
    }
    index[i] = u;
  });
  return { rows: out, index };
}

/** The engine of a plain model (`bgNbd`, `modifiedBgNbd`, `paretoNbd`, `ggomNbd`): φ = its parameters. */
export function plainEngine(name: DertModelName, params: Record<string, number>, covariance: number[][] | null | undefined, data: readonly unknown[], customers: readonly unknown[] | undefined): TransactionEngine {
  const adapter = transactionAdapter(name);
  const fitTx = uniqueTransactionRows(data, ['data']);
  const predTx = customers === undefined ? fitTx : uniqueTransactionRows(customers, ['customers']);
  const names = adapter.names;
  const record = (phi: readonly number[]): Record<string, number> => Object.fromEntries(names.map((n, i) => [n, phi[i]!]));
  return {
    names,
    estimate: names.map((n) => params[n]!),
    logScale: names.map(() => true),
    covariance,
    dataRows: data as object[],
    dataPath: ['data'],
    fitIndex: fitTx.index,
    fitRows: fitTx.rows.frequency.length,
    predRows: (customers ?? data) as object[],
    predPath: customers === undefined ? ['data'] : ['customers'],
    predIndex: predTx.index,
    refit: (weights, warm, maxEvaluations) => {
      const f = adapter.fit(fitTx.rows, weights, warm ? params : {}, maxEvaluations, warm && Array.isArray(covariance) ? covariance : undefined);
      return { phi: names.map((n) => f.params[n]!), converged: f.converged };
    },
    evaluate: (phi, horizon, delta) => {
      const tp = record(phi);
      const both = adapter.expectedAndAlive?.(tp, horizon, predTx.rows);
      return {
        cet: both?.expected ?? adapter.expected(tp, horizon, predTx.rows),
        alive: both?.alive ?? adapter.alive(tp, predTx.rows),
        ...(delta === undefined ? {} : { dert: adapter.dert(tp, delta, predTx.rows) }),
      };
    },
  };
}
