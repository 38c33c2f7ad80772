/**
 * Shared types of the CLV module (transaction models, spend models, fitting).
 * Types only: no runtime code lives here.
 */

import type { TimeUnit } from '../core/index.js';

/** A parameter estimate at the edge of the parameter space (see {@link FitResult.boundary}). */
export interface FitBoundary {
  /** The parameter(s) at the boundary, e.g. `'b'`, `'q'`, `'r, alpha'`. */
  parameter: string;
  /** The limit, e.g. `'b → ∞ (E[p] → 0)'`. */
  limit: string;
  /** Plain words: which parameter, what limit, what the limit model means. */
  message: string;
}

/**
 * A unit of time for summaries, model time and horizons (the core glossary's one `TimeUnit`).
 * `month` is 365.25/12 days and `quarter` 365.25/4 days unless a function explicitly offers
 * calendar months; `year` is 365.25 days.
 */
export type { TimeUnit };

/**
 * One customer's purchase history as the "buy till you die" models see it (lifetimes' semantics,
 * Fader, Hardie & Lee 2005a):
 * - `frequency` x: the number of *repeat* purchase periods (a non-negative integer),
 * - `recency` t_x: time from the first purchase to the last one (0 when x = 0),
 * - `T`: time from the first purchase to the end of the observation period (T ≥ t_x).
 */
export interface BtydCustomer {
  frequency: number;
  recency: number;
  T: number;
}

/**
 * The same data in columns (one entry per customer or per unique row), for large data sets.
 * Every column must have the same length.
 */
export interface BtydColumns {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
}

/** Data accepted by the transaction models: an array of rows or a set of columns. */
export type BtydData = readonly BtydCustomer[] | BtydColumns;

/** A row of `btydSummary`: the BTYD triple plus the customer id and mean repeat spend. */
export interface BtydSummaryRow extends BtydCustomer {
  customerId: string;
  /**
   * Mean spend of the repeat purchase periods (the first purchase excluded, lifetimes'
   * `monetary_value`); 0 when there is no repeat purchase.
   */
  monetaryValue: number;
  /** Σ ln(inter-purchase time in `unit`) over repeat purchases: only with `btydSummary(…, { regularity: true })`. */
  litt?: number;
}

/** A calibration/holdout row: calibration triple plus what happened in the holdout period. */
export interface CalibrationHoldoutRow extends BtydSummaryRow {
  /** Number of purchase periods in (calibrationEnd, asOf]. */
  frequencyHoldout: number;
  /** Mean spend per purchase period in the holdout (0 when none). */
  monetaryValueHoldout: number;
  /** Length of the holdout period in `unit`s (the same for every customer). */
  durationHoldout: number;
}

/**
 * Options every maximum-likelihood `fit` accepts.
 * @typeParam P the model's parameter record, e.g. `{ r, alpha, a, b }`.
 */
export interface FitOptions<P extends object = Record<string, number>> {
  /**
   * How many customers each data row stands for (compressed data: unique rows with counts).
   * Non-negative finite numbers, one per row. Default: 1 for every row.
   */
  weights?: ArrayLike<number>;
  /** Starting values (all positive). Missing ones use the model's default start. */
  initialParams?: Partial<P>;
  /**
   * Maximum BFGS iterations per start (default 200). A fit that hits the cap stops there and
   * returns `converged: false` with a message.
   */
  maxIterations?: number;
  /**
   * Convergence tolerance on the gradient of the mean negative log-likelihood with respect to
   * the log-parameters (max-norm). Default 1e-8.
   */
  tolerance?: number;
  /**
   * L2 penalty `penalizer · Σ θ²` on the (natural) parameters added to the negative
   * log-likelihood — lifetimes' `penalizer_coef`, a convergence aid. Default 0 (pure MLE).
   */
  penalizer?: number;
  /**
   * Evaluation budget: the most log-likelihood evaluations the fit may spend over all its starts
   * (default 5,000; a CDNOW fit needs a few hundred). When it runs out the fit stops and returns
   * the best point seen with `converged: false` and a message naming this option.
   */
  maxEvaluations?: number;
  /** The time unit of the data (recency, T), recorded in the saved fit's envelope. */
  unit?: TimeUnit;
}

/**
 * What every `fit` returns. JSON-serialisable.
 * @typeParam P the model's parameter record.
 */
export interface FitResult<P extends object = Record<string, number>> {
  /** Maximum-likelihood estimates. Always finite (never NaN), even when `converged` is false. */
  params: P;
  /** Total log-likelihood Σ wᵢ ln Lᵢ at `params` (the papers' convention, not lifetimes' mean). */
  logLikelihood: number;
  /** Whether the optimiser met its convergence test. */
  converged: boolean;
  /** Optimiser iterations used. */
  iterations: number;
  /**
   * Asymptotic standard errors of the natural parameters, from the inverse of the observed
   * information (numerical Hessian of the log-likelihood at the optimum). `null` for a
   * parameter when the Hessian is not negative definite there.
   */
  standardErrors: { [K in keyof P]: number | null };
  /**
   * Asymptotic covariance matrix of the natural parameters (−H⁻¹, rows and columns in the order of
   * the model's `parameterNames`); `null` when the Hessian is not negative definite.
   */
  covariance?: number[][] | null;
  /** Why the optimiser stopped (always set when `converged` is false). */
  message?: string;
  /**
   * Set when an estimate ran to the edge of the parameter space (a, b → ∞; q → ∞; s → 0 …): which
   * parameter, which limit, and what the limit model means. `converged` is then false, and the
   * prediction functions evaluate the limit model (docs/clv.md, "When a fit hits a boundary").
   */
  boundary?: FitBoundary;
  /** Σ weights: the number of customers the fit describes. */
  customers: number;
}
