/**
 * Intervals for the per-customer predictions of a fitted BTYD model — expected transactions in
 * (T, T + horizon], P(alive), DERT, expected spend and CLV = margin × DERT × spend — that show
 * the uncertainty of the fitted parameters (issue 18 item 3).
 *
 * `method: 'bootstrap'` (default) follows CLVTools' `predict(…, uncertainty = "boots")`
 * (R/f_interface_bootstrappedapply.R, R/clv_template_controlflow_predict.R, CLVTools 0.12.1):
 * sample the customers with replacement to the original count, refit the same model on the
 * resample, predict, and take per-customer sample quantiles at (1−level)/2 and 1−(1−level)/2.
 * Differences, all deliberate: (0) the quantiles are Davison & Hinkley's (B+1)p order statistics
 * (type 6), not R's default type 7, which narrows the interval at small B; (1) a resample is a multinomial weight
 * vector over the unique (x, t_x, T) rows, so a refit costs O(unique rows) and no data are copied;
 * (2) the refit starts from the original estimate (CLVTools reuses the original start values), so
 * it converges in a few steps to the resample's maximum; (3) every draw predicts for every
 * customer (CLVTools predicts only the customers drawn into that resample, so a customer never
 * drawn gets NA) — predictions depend on the customer's own data and the parameters only, so this
 * uses all draws for every customer; (4) the transaction and spend models are refit on the same
 * resample. Draws whose refit throws are dropped and counted (`failedDraws`).
 *
 * `method: 'delta'` uses the fits' covariance matrices (−H⁻¹) and the delta method (e.g. Greene,
 * Econometric Analysis, §4.6): the gradient of each prediction in the log-parameters by central
 * differences, on the log scale for positive quantities and on the logit scale for P(alive), so the
 * interval stays in range; the transaction and spend fits are treated as independent.
 *
 * Both are confidence intervals of the *expected* values under parameter uncertainty, as
 * CLVTools' are, not prediction intervals of a customer's realised purchases.
 *
 * The covariate models (`paretoNbdCovariates`, `bgNbdCovariates`, `paretoNbdDynamicCovariates`)
 * take the same path through a transaction engine (./bootstrap-covariates.ts): φ is the fit's
 * `parameterOrder` (baseline parameters and covariate coefficients), the delta method propagates
 * the whole covariance, and the bootstrap resamples customers with their covariates.
 */
import { budgetExceeded, createRandom, CrmError, readInteger, readNumber, readOneOf, readOptions, invalidInput, invalidOption } from '../core/index.js';
import { normalQuantile } from '../core/math/normal.js';
import { covariateModelName, dynamicCovariateEngine, noDert, staticCovariateEngine, type CovariateModelName } from './bootstrap-covariates.js';
import { expectedSpend, fitSpend, plainEngine, type SpendRows, type TransactionEngine } from './bootstrap-models.js';
import { dertModelName, PARAM_NAMES, readDelta, type DertModelName } from './dert.js';
import type { DynamicCovariateData } from './dynamic-covariates-data.js';
import type { CovariateCustomerRow } from './kit/covariates.js';
import type { TimeUnit } from './types.js';
import { checkUnit, type PeriodRate } from './units.js';

/** A point estimate with its interval. */
export interface Interval {
  estimate: number;
  lower: number;
  upper: number;
}

/**
 * A customer for {@link predictionIntervals}. With `paretoNbdCovariates` or `bgNbdCovariates` the
 * customer also carries its covariate columns (`{ …, Gender: 1, Channel: 0 }`), as those models'
 * predictions take it.
 */
export interface IntervalCustomer {
  customerId?: string;
  frequency: number;
  recency: number;
  T: number;
  /** Mean repeat spend z̄ (needed with a spend model). */
  monetaryValue?: number;
}

/**
 * A fit as returned by a model's `fit` (or `load`): its params, and its covariance for the delta
 * method; a covariate model's fit also has its `coefficients` and the `parameterOrder` of the
 * covariance.
 */
export interface IntervalFit {
  params: object;
  covariance?: number[][] | null;
  /** Covariate models: the coefficients by process and column. */
  coefficients?: object;
  /** Covariate models: the names of the covariance's rows. */
  parameterOrder?: readonly string[];
  /** The fit's time unit (the default of `transactionModel.unit`). */
  unit?: TimeUnit;
}

/** Options of {@link predictionIntervals}. */
export interface PredictionIntervalOptions {
  /**
   * The fitted transaction model — `'bgNbd'`, `'modifiedBgNbd'`, `'paretoNbd'`, `'ggomNbd'`,
   * `'paretoNbdCovariates'`, `'bgNbdCovariates'` or `'paretoNbdDynamicCovariates'` (or the
   * namespace) — and its fit. `unit` defaults to the fit's.
   */
  transactionModel: { model: DertModelName | CovariateModelName | object; fit: IntervalFit; unit?: TimeUnit };
  /** A Gamma-Gamma fit, for expected spend and CLV intervals. */
  spendModel?: { fit: IntervalFit };
  /**
   * The customers the models were fitted on (resampled by the bootstrap): the model's own input —
   * `{ frequency, recency, T }` rows; for the static-covariate models rows that also carry their
   * covariate columns; for `paretoNbdDynamicCovariates` the `dynamicCovariateData(...)` output (with
   * a spend model, add `monetaryValue` to its customers).
   */
  data: readonly IntervalCustomer[] | readonly CovariateCustomerRow[] | DynamicCovariateData;
  /** The customers to predict for, in the same form as `data`. Default: `data`. */
  customers?: readonly IntervalCustomer[] | readonly CovariateCustomerRow[] | DynamicCovariateData;
  /** Horizon of the expected transactions, in model time units. */
  horizon: number;
  /**
   * Continuous discount rate per model time unit for DERT and CLV (or `discountRate` with the
   * unit). Without either, no DERT/CLV. `paretoNbdDynamicCovariates` has no DERT: an error.
   */
  delta?: number;
  discountRate?: PeriodRate;
  unit?: TimeUnit;
  /** Profit margin in CLV = margin × DERT × spend. Default 1. */
  margin?: number;
  /** `'bootstrap'` (default) or `'delta'`. */
  method?: 'bootstrap' | 'delta';
  /**
   * Number of bootstrap draws. Default 200 (CLVTools: `num.boots = 100`). Each draw refits the
   * model: ~3–7 ms for the static-covariate models on 600 customers, ~17 ms for the time-varying
   * one on CLVTools' apparel data and up to ~0.1 s when every customer has its own covariate path
   * (200 draws ≈ 20 s there: use fewer, or `method: 'delta'`).
   */
  draws?: number;
  /** Budget: the largest `draws` accepted. Default 10,000. */
  maxDraws?: number;
  /** Interval level. Default 0.9 (CLVTools' default). */
  level?: number;
  /** Seed of the resampling. Default 1. */
  seed?: number;
  /** Likelihood-evaluation budget of each refit. Default 2,000. */
  maxEvaluations?: number;
}

/** Intervals of one customer (input order). */
export interface CustomerIntervals {
  customerId?: string;
  expectedTransactions: Interval;
  probabilityAlive: Interval;
  dert?: Interval;
  expectedSpend?: Interval;
  clv?: Interval;
}

/** Result of {@link predictionIntervals}. */
export interface PredictionIntervals {
  customers: CustomerIntervals[];
  settings: {
    method: 'bootstrap' | 'delta';
    level: number;
    horizon: number;
    margin: number;
    delta?: number;
    /** Bootstrap only: draws asked for, draws used, refits that threw, refits not converged (kept). */
    draws?: number;
    drawsUsed?: number;
    failedDraws?: number;
    nonConvergedDraws?: number;
    seed?: number;
  };
  /** Bootstrap only: the refitted parameters of the draws used, for your own summaries. */
  parameterDraws?: { transaction: Array<Record<string, number>>; spend?: Array<Record<string, number>> };
}

const DEFAULT_DRAWS = 200;
const DEFAULT_MAX_DRAWS = 10_000;

/** Unique (x, z̄) rows of the customers (checked by the transaction engine already). */
function uniqueSpendRows(rows: readonly object[], path: ReadonlyArray<string | number>): { rows: SpendRows; index: Int32Array } {
  const map = new Map<string, number>();
  const out: SpendRows = { frequency: [], monetaryValue: [] };
  const index = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    const c = row as IntervalCustomer;
    const z = c.frequency === 0 ? 0 : c.monetaryValue;
    if (c.frequency > 0 && !(typeof z === 'number' && Number.isFinite(z) && z > 0)) {
      invalidInput([...path, i, 'monetaryValue'], 'a spend model needs the mean repeat spend of every repeat buyer', 'a finite number > 0', z);
    }
    const key = `${c.frequency}|${z}`;
    let u = map.get(key);
    if (u === undefined) {
      u = out.frequency.length;
      map.set(key, u);
      out.frequency.push(c.frequency);
      out.monetaryValue.push(z as number);
    }
    index[i] = u;
  });
  return { rows: out, index };
}

function readFit(value: unknown, path: string[], names: readonly string[]): { params: Record<string, number>; covariance: number[][] | null | undefined } {
  if (typeof value !== 'object' || value === null || typeof (value as { params?: unknown }).params !== 'object' || (value as { params?: unknown }).params === null) {
    invalidOption(path, 'give the fit returned by the model’s fit() (or load())', '{ params, covariance }', value);
  }
  const f = value as { params: Record<string, unknown>; covariance?: unknown };
  const params: Record<string, number> = {};
  for (const n of names) {
    const v = f.params[n];
    if (!(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      invalidOption([...path, 'params', n], `fit.params.${n} must be a positive number`, 'a finite number > 0', v);
    }
    params[n] = v;
  }
  return { params, covariance: f.covariance as number[][] | null | undefined };
}

/**
 * The percentile-interval endpoint of Davison & Hinkley (1997, Bootstrap Methods and their
 * Application, §5.3.1, eq. 5.18): the ((B+1)p)-th of the B ordered draws, interpolated (Hyndman &
 * Fan type 6). The k-th of B draws lies below a fraction k/(B+1) of the distribution on average,
 * so the interval covers `level` whatever B; R's default type 7 (CLVTools) uses (B−1)p+1 and
 * covers (B−1)·level/(B+1) + …, e.g. 85.5 % instead of 90 % at B = 39.
 */
function percentile(sorted: Float64Array, p: number): number {
  const B = sorted.length;
  const h = p * (B + 1);
  if (h <= 1) return sorted[0]!;
  if (h >= B) return sorted[B - 1]!;
  const k = Math.floor(h);
  const f = h - k;
  return (sorted[k - 1]!) + f * ((sorted[k]!) - (sorted[k - 1]!));
}

function quantiles(values: ArrayLike<number>, lo: number, hi: number): [number, number] {
  const sorted = Float64Array.from(values).sort();
  return [percentile(sorted, lo), percentile(sorted, hi)];
}

/** Per-row quantile pair of a draws × rows matrix. */
function quantilePair(matrix: Float64Array[], row: number, lo: number, hi: number): [number, number] {
  return quantiles(matrix.map((d) => d[row]!), lo, hi);
}

/**
 * Bootstrap (CLVTools `uncertainty = "boots"`) or delta-method intervals for every customer's
 * expected transactions, P(alive), DERT, expected spend and CLV.
 *
 * @example
 * ```ts
 * import { bgNbd, predictionIntervals } from 'crm-analytics/clv';
 * const sim = bgNbd.simulate({ r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, { T: new Array(500).fill(52), seed: 1, resolution: 1 });
 * const data = sim.frequency.map((frequency, i) => ({ frequency, recency: sim.recency[i]!, T: sim.T[i]! }));
 * const fit = bgNbd.fit(data);
 * const out = predictionIntervals({ transactionModel: { model: 'bgNbd', fit }, data, customers: [{ frequency: 2, recency: 30, T: 52 }], horizon: 26, draws: 50, seed: 7 });
 * out.customers[0]!.expectedTransactions; // { estimate, lower, upper }
 * ```
 *
 * @example
 * ```ts
 * import { paretoNbd, paretoNbdCovariates, predictionIntervals } from 'crm-analytics/clv';
 * // Covariate models: `data` is their own input, each customer carrying its covariate columns.
 * const rows = [0, 1].flatMap((z) => {
 *   const sim = paretoNbd.simulate({ r: 0.8, alpha: 6 * Math.exp(-0.7 * z), s: 0.6, beta: 10 }, { T: 52, customers: 300, seed: 1 + z });
 *   return sim.frequency.map((frequency, i) => ({ customerId: `${z}-${i}`, frequency, recency: sim.recency[i]!, T: 52, z }));
 * });
 * const fit = paretoNbdCovariates.fit(rows, { covariates: rows, purchase: ['z'] });
 * const out = predictionIntervals({ transactionModel: { model: 'paretoNbdCovariates', fit }, data: rows, customers: [{ frequency: 2, recency: 30, T: 52, z: 1 }], horizon: 26, method: 'delta' });
 * out.customers[0]!.expectedTransactions.lower < out.customers[0]!.expectedTransactions.estimate; // true
 * ```
 */
export function predictionIntervals(options: PredictionIntervalOptions): PredictionIntervals {
  const o = readOptions(options, [
    'transactionModel',
    'spendModel',
    'data',
    'customers',
    'horizon',
    'delta',
    'discountRate',
    'unit',
    'margin',
    'method',
    'draws',
    'maxDraws',
    'level',
    'seed',
    'maxEvaluations',
  ]);
  const tm = readOptions(o.transactionModel, ['model', 'fit', 'unit'], ['transactionModel']);
  const covariateName = covariateModelName(tm.model);
  const sm = o.spendModel === undefined ? undefined : readOptions(o.spendModel, ['fit'], ['spendModel']);
  const spFit = sm === undefined ? undefined : readFit(sm.fit, ['spendModel', 'fit'], ['p', 'q', 'gamma']);
  const fitUnit = (tm.fit as { unit?: unknown } | null | undefined)?.unit;
  const modelUnit = tm.unit !== undefined ? checkUnit(tm.unit, ['transactionModel', 'unit']) : typeof fitUnit === 'string' ? checkUnit(fitUnit, ['transactionModel', 'fit', 'unit']) : undefined;
  const unit = o.unit === undefined ? modelUnit : checkUnit(o.unit, ['unit']);
  const wantsDert = o.delta !== undefined || o.discountRate !== undefined;
  if (wantsDert && covariateName === 'paretoNbdDynamicCovariates') {
    const e = noDert();
    throw new CrmError(e.code, e.message, { path: [o.delta !== undefined ? 'delta' : 'discountRate'], expected: 'no delta or discountRate with paretoNbdDynamicCovariates', received: o.delta ?? o.discountRate });
  }
  const delta = wantsDert ? readDelta(o.delta, o.discountRate, unit, []) : undefined;
  const horizon = readNumber(o.horizon, ['horizon'], { min: 0 });
  const margin = readNumber(o.margin, ['margin'], { default: 1 });
  const method = readOneOf(o.method, ['method'], ['bootstrap', 'delta'] as const, 'bootstrap');
  const level = readNumber(o.level, ['level'], { default: 0.9, min: 0, max: 1, minExclusive: true, maxExclusive: true });
  let engine: TransactionEngine;
  if (covariateName === 'paretoNbdDynamicCovariates') {
    engine = dynamicCovariateEngine(tm.fit, o.data, o.customers);
  } else if (covariateName !== undefined) {
    engine = staticCovariateEngine(covariateName, tm.fit, o.data, o.customers);
  } else {
    const name = plainModelName(tm.model);
    const txFit = readFit(tm.fit, ['transactionModel', 'fit'], PARAM_NAMES[name]);
    if (!Array.isArray(o.data) || o.data.length === 0) {
      invalidOption(['data'], 'data must be the non-empty array of customers the models were fitted on', 'an array of { frequency, recency, T }', o.data);
    }
    if (o.customers !== undefined && !Array.isArray(o.customers)) {
      invalidOption(['customers'], 'customers must be an array', 'an array of { frequency, recency, T }', o.customers);
    }
    engine = plainEngine(name, txFit.params, txFit.covariance, o.data as unknown[], o.customers as unknown[] | undefined);
  }
  const predictFor = engine.predRows as ReadonlyArray<{ customerId?: unknown }>;
  const fitSp = spFit === undefined ? undefined : uniqueSpendRows(engine.dataRows, engine.dataPath);
  const predSp = spFit === undefined ? undefined : engine.predRows === engine.dataRows ? fitSp : uniqueSpendRows(engine.predRows, engine.predPath);

  // Point estimates.
  const evaluate = (phi: readonly number[], sp: Record<string, number> | undefined) => {
    const tx = engine.evaluate(phi, horizon, delta);
    return { ...tx, spend: sp === undefined || predSp === undefined ? undefined : expectedSpend(sp, predSp.rows) };
  };
  const point = evaluate(engine.estimate, spFit?.params);
  const lo = (1 - level) / 2;
  const hi = 1 - lo;
  const record = (phi: readonly number[]): Record<string, number> => Object.fromEntries(engine.names.map((n, i) => [n, phi[i]!]));

  const customers: CustomerIntervals[] = [];
  const settings: PredictionIntervals['settings'] = { method, level, horizon, margin, ...(delta === undefined ? {} : { delta }) };
  let parameterDraws: PredictionIntervals['parameterDraws'];

  if (method === 'bootstrap') {
    const draws = readInteger(o.draws, ['draws'], { default: DEFAULT_DRAWS, min: 2 });
    const maxDraws = o.maxDraws === undefined ? DEFAULT_MAX_DRAWS : readInteger(o.maxDraws, ['maxDraws'], { min: 1 });
    if (draws > maxDraws) throw budgetExceeded({ code: 'BUDGET_EXCEEDED', option: ['maxDraws'], limit: maxDraws, what: 'bootstrap draws', count: draws });
    const seed = readNumber(o.seed, ['seed'], { default: 1 });
    const maxEvaluations = readInteger(o.maxEvaluations, ['maxEvaluations'], { default: 2_000, min: 1 });
    const rng = createRandom(seed);
    // Warm start from the estimate only when it is an interior maximum: from a boundary point
    // (a + b → ∞, …) a refit stops at once and every draw would repeat the estimate.
    const interior = (f: unknown): boolean => {
      const g = f as { converged?: unknown; boundary?: unknown };
      return g.converged !== false && g.boundary === undefined;
    };
    const txWarm = interior(tm.fit);
    const spWarm = spFit !== undefined && sm !== undefined && interior(sm.fit) ? spFit.params : {};
    const n = engine.fitIndex.length;
    const cet: Float64Array[] = [];
    const alive: Float64Array[] = [];
    const dertDraws: Float64Array[] = [];
    const spendDraws: Float64Array[] = [];
    const txParams: Array<Record<string, number>> = [];
    const spParams: Array<Record<string, number>> = [];
    let failed = 0;
    let nonConverged = 0;
    const wTx = new Float64Array(engine.fitRows);
    const wSp = new Float64Array(fitSp === undefined ? 0 : fitSp.rows.frequency.length);
    for (let b = 0; b < draws; b++) {
      wTx.fill(0);
      wSp.fill(0);
      for (let i = 0; i < n; i++) {
        const j = rng.int(n);
        const u = engine.fitIndex[j]!;
        wTx[u] = (wTx[u]!) + 1;
        if (fitSp !== undefined) {
          const v = fitSp.index[j]!;
          wSp[v] = (wSp[v]!) + 1;
        }
      }
      let est: ReturnType<typeof evaluate>;
      let tp: { phi: number[]; converged: boolean };
      let sp: { params: Record<string, number>; converged: boolean } | undefined;
      try {
        tp = engine.refit(wTx, txWarm, maxEvaluations);
        sp = spFit === undefined || fitSp === undefined ? undefined : fitSpend(fitSp.rows, wSp, spWarm, maxEvaluations);
        est = evaluate(tp.phi, sp?.params);
      } catch (e) {
        if (!(e instanceof CrmError)) throw e;
        failed++;
        continue;
      }
      if (!tp.converged || (sp !== undefined && !sp.converged)) nonConverged++;
      cet.push(Float64Array.from(est.cet));
      alive.push(Float64Array.from(est.alive));
      if (est.dert !== undefined) dertDraws.push(Float64Array.from(est.dert));
      if (est.spend !== undefined) spendDraws.push(Float64Array.from(est.spend));
      txParams.push(record(tp.phi));
      if (sp !== undefined) spParams.push(sp.params);
    }
    if (cet.length < Math.max(2, Math.ceil(draws / 2))) {
      throw new CrmError('NUMERIC_DOMAIN', `${failed} of ${draws} bootstrap refits failed: the data are too few or too degenerate to resample`, {
        path: ['data'],
        expected: 'data on which most resamples can be fitted',
        received: failed,
      });
    }
    Object.assign(settings, { draws, drawsUsed: cet.length, failedDraws: failed, nonConvergedDraws: nonConverged, seed });
    parameterDraws = { transaction: txParams, ...(spFit === undefined ? {} : { spend: spParams }) };
    const rowQ = new Map<string, [number, number]>();
    const cached = (tag: string, m: Float64Array[], row: number): [number, number] => {
      const key = `${tag}${row}`;
      let q = rowQ.get(key);
      if (q === undefined) {
        q = quantilePair(m, row, lo, hi);
        rowQ.set(key, q);
      }
      return q;
    };
    predictFor.forEach((c, i) => {
      const r = engine.predIndex[i]!;
      const [cl, cu] = cached('c', cet, r);
      const [al, au] = cached('a', alive, r);
      const out: CustomerIntervals = {
        expectedTransactions: { estimate: point.cet[r]!, lower: cl, upper: cu },
        probabilityAlive: { estimate: point.alive[r]!, lower: al, upper: au },
      };
      if (point.dert !== undefined) {
        const [dl, du] = cached('d', dertDraws, r);
        out.dert = { estimate: point.dert[r]!, lower: dl, upper: du };
      }
      if (point.spend !== undefined && predSp !== undefined) {
        const s = predSp.index[i]!;
        const [sl, su] = cached('s', spendDraws, s);
        out.expectedSpend = { estimate: point.spend[s]!, lower: sl, upper: su };
        if (point.dert !== undefined) {
          const key = `v${r}|${s}`;
          let q = rowQ.get(key);
          if (q === undefined) {
            const v = dertDraws.map((d, b) => margin * (d[r]!) * ((spendDraws[b] as Float64Array)[s] as number));
            q = quantiles(v, lo, hi);
            rowQ.set(key, q);
          }
          out.clv = { estimate: margin * (point.dert[r]!) * (point.spend[s]!), lower: q[0], upper: q[1] };
        }
      }
      if (typeof c.customerId === 'string') out.customerId = c.customerId;
      customers.push(out);
    });
  } else {
    for (const key of ['draws', 'maxDraws', 'seed', 'maxEvaluations'] as const) {
      if (o[key] !== undefined) invalidOption([key], `${key} applies to method 'bootstrap' only`, 'undefined with method delta', o[key]);
    }
    const z = normalQuantile(hi);
    const txVar = deltaVariances(engine, (phi) => {
      const e = engine.evaluate(phi, horizon, delta);
      return { cet: e.cet.map(Math.log), alive: e.alive.map(logit), ...(e.dert === undefined ? {} : { dert: e.dert.map(Math.log) }) };
    }, ['transactionModel', 'fit']);
    const spVar =
      spFit === undefined || predSp === undefined
        ? undefined
        : deltaVariances(
            { names: ['p', 'q', 'gamma'], estimate: [spFit.params.p!, spFit.params.q!, spFit.params.gamma!], logScale: [true, true, true], covariance: spFit.covariance },
            (phi) => ({ spend: expectedSpend({ p: phi[0]!, q: phi[1]!, gamma: phi[2]! }, predSp.rows).map(Math.log) }),
            ['spendModel', 'fit'],
          );
    const positive = (estimate: number, variance: number): Interval => {
      const se = Math.sqrt(Math.max(variance, 0));
      return { estimate, lower: estimate * Math.exp(-z * se), upper: estimate * Math.exp(z * se) };
    };
    predictFor.forEach((c, i) => {
      const r = engine.predIndex[i]!;
      const pa = point.alive[r]!;
      const seA = Math.sqrt(Math.max((txVar.alive as number[])[r] as number, 0));
      const la = logit(pa);
      const out: CustomerIntervals = {
        expectedTransactions: positive(point.cet[r]!, (txVar.cet as number[])[r] as number),
        probabilityAlive: Number.isFinite(la) ? { estimate: pa, lower: expit(la - z * seA), upper: expit(la + z * seA) } : { estimate: pa, lower: pa, upper: pa },
      };
      if (point.dert !== undefined) out.dert = positive(point.dert[r]!, (txVar.dert as number[])[r] as number);
      if (point.spend !== undefined && predSp !== undefined && spVar !== undefined) {
        const s = predSp.index[i]!;
        out.expectedSpend = positive(point.spend[s]!, (spVar.spend as number[])[s] as number);
        if (point.dert !== undefined) {
          out.clv = positive(margin * (point.dert[r]!) * (point.spend[s]!), ((txVar.dert as number[])[r] as number) + ((spVar.spend as number[])[s] as number));
        }
      }
      if (typeof c.customerId === 'string') out.customerId = c.customerId;
      customers.push(out);
    });
  }
  for (const c of customers) {
    for (const v of [c.expectedTransactions, c.probabilityAlive, c.dert, c.expectedSpend, c.clv]) {
      if (v !== undefined && !(Number.isFinite(v.estimate) && Number.isFinite(v.lower) && Number.isFinite(v.upper))) {
        throw new CrmError('NUMERIC_DOMAIN', 'an interval is not finite', { path: ['customers', customers.indexOf(c)], expected: 'finite numbers', received: v });
      }
    }
  }
  return { customers, settings, ...(parameterDraws === undefined ? {} : { parameterDraws }) };
}

/** The plain model of a name or namespace, else an error listing every model with intervals. */
function plainModelName(model: unknown): DertModelName {
  try {
    return dertModelName(model, ['transactionModel', 'model']);
  } catch {
    invalidOption(['transactionModel', 'model'], 'intervals are available for bgNbd, modifiedBgNbd, paretoNbd, ggomNbd, paretoNbdCovariates, bgNbdCovariates and paretoNbdDynamicCovariates', "one of those names (e.g. 'paretoNbdCovariates') or the namespace", model);
  }
}

function logit(p: number): number {
  return Math.log(p) - Math.log1p(-p);
}

function expit(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/**
 * Delta-method variances of transformed predictions g(φ): ∇g' Σ ∇g (Greene, Econometric Analysis,
 * §4.6), ∇ by central differences — in ln φ for positive parameters (step 1e-4, Σ_ln φ =
 * Σ_ij/(φ_i φ_j)) and in φ for covariate coefficients (step 10⁻³ of the coefficient's standard
 * error, so the step suits any covariate scale).
 */
function deltaVariances(
  at: Pick<TransactionEngine, 'names' | 'estimate' | 'logScale' | 'covariance'>,
  g: (phi: readonly number[]) => Record<string, number[]>,
  path: string[],
): Record<string, number[]> {
  const cov = at.covariance;
  const k = at.names.length;
  if (!Array.isArray(cov) || cov.length !== k || cov.some((row) => !Array.isArray(row) || row.length !== k || row.some((v) => !Number.isFinite(v)))) {
    invalidOption([...path, 'covariance'], 'the delta method needs the fit’s covariance matrix (null when the Hessian is not negative definite, e.g. at a boundary): use method "bootstrap"', `a ${k}×${k} matrix`, cov);
  }
  const theta = at.estimate;
  // Per coordinate: the step and the scale s with ∂g/∂φ = (∂g/∂u)/s (u = ln φ: s = φ; u = φ: s = 1).
  const step = theta.map((_, j) => (at.logScale[j] ? 1e-4 : 1e-3 * Math.sqrt((cov[j] as number[])[j] as number) || 1e-6));
  const scale = theta.map((v, j) => (at.logScale[j] ? v : 1));
  const grads: Array<Record<string, number[]>> = [];
  for (let j = 0; j < k; j++) {
    const h = step[j]!;
    const move = (sign: number): Record<string, number[]> => {
      const p = [...theta];
      p[j] = at.logScale[j] ? (theta[j]!) * Math.exp(sign * h) : (theta[j]!) + sign * h;
      return g(p);
    };
    const up = move(1);
    const down = move(-1);
    const d: Record<string, number[]> = {};
    for (const key of Object.keys(up)) d[key] = (up[key] as number[]).map((v, i) => (v - ((down[key] as number[])[i] as number)) / (2 * h));
    grads.push(d);
  }
  const out: Record<string, number[]> = {};
  for (const key of Object.keys(grads[0] as Record<string, number[]>)) {
    const len = ((grads[0] as Record<string, number[]>)[key] as number[]).length;
    const v = new Array<number>(len).fill(0);
    for (let i = 0; i < len; i++) {
      let s = 0;
      for (let a = 0; a < k; a++) {
        const ga = ((grads[a] as Record<string, number[]>)[key] as number[])[i] as number;
        if (!Number.isFinite(ga)) continue;
        for (let b = 0; b < k; b++) {
          const gb = ((grads[b] as Record<string, number[]>)[key] as number[])[i] as number;
          if (!Number.isFinite(gb)) continue;
          s += (ga * gb * ((cov[a] as number[])[b] as number)) / ((scale[a]!) * (scale[b]!));
        }
      }
      v[i] = s;
    }
    out[key] = v;
  }
  return out;
}
