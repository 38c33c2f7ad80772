/**
 * `predictionIntervals` for the covariate models (CLVTools' `predict(…, uncertainty = "boots")` on
 * a fit with static or dynamic covariates, R/f_interface_bootstrappedapply.R: the customers are
 * resampled with their covariates and the same specification is refitted). Internal: the
 * {@link TransactionEngine}s of `paretoNbdCovariates` and `bgNbdCovariates` (time-invariant,
 * the covariate kit) and of `paretoNbdDynamicCovariates` (time-varying).
 *
 * φ is the fit's `parameterOrder`: the baseline parameters (positive, delta method in ln φ) and
 * the coefficients (delta method in φ), so the delta method propagates the full covariance,
 * coefficients included. A bootstrap resample is a weight vector over the unique customers —
 * unique (x, t_x, T, covariates) rows for the static models, the compiled rows of identical
 * customers for the dynamic one — and a refit starts from the estimate with BFGS's inverse Hessian
 * n·Cov in (ln θ, γ), skipping standard errors.
 */
import { CrmError, invalidOption, invalidInput } from '../core/index.js';
import { type TransactionEngine } from './bootstrap-models.js';
import { conditionalExpectedPurchases as bgExpected, probabilityAlive as bgAlive } from './bg-nbd.js';
import * as bgNbdCovariatesModel from './bg-nbd-covariates.js';
import { BG_NBD_COVARIATES, PARETO_NBD_COVARIATES } from './covariate-models.js';
import { dertValues, type DertModelName } from './dert.js';
import type { DynamicCovariateData } from './dynamic-covariates-data.js';
import { covariateCustomerParams, covariateRows, refitCovariateModel, type CovariateCoefficients, type CovariateCustomerRow, type CovariateModel } from './kit/covariates.js';
import { checkHorizon } from './kit/index.js';
import * as paretoNbdModel from './pareto-nbd.js';
import { expectedAndAlive as paretoNbdExpectedAndAlive } from './pareto-nbd-likelihood.js';
import * as paretoNbdCovariatesModel from './pareto-nbd-covariates.js';
import * as paretoNbdDynamicModel from './pareto-nbd-dynamic-covariates.js';
import { aliveOf, compile, dynamicProblem, expectedAheadCompiled, perCustomerCompiled, readData, refitDynamic, type Compiled } from './pareto-nbd-dynamic-likelihood.js';
import type { BtydCustomer } from './types.js';

/** The covariate models `predictionIntervals` takes, by name. */
export type CovariateModelName = 'paretoNbdCovariates' | 'bgNbdCovariates' | 'paretoNbdDynamicCovariates';

const NAMESPACES: Readonly<Record<CovariateModelName, object>> = {
  paretoNbdCovariates: paretoNbdCovariatesModel,
  bgNbdCovariates: bgNbdCovariatesModel,
  paretoNbdDynamicCovariates: paretoNbdDynamicModel,
};

/** The covariate model a name or namespace stands for, or undefined. */
export function covariateModelName(model: unknown): CovariateModelName | undefined {
  for (const [name, ns] of Object.entries(NAMESPACES)) if (model === name || model === ns) return name as CovariateModelName;
  return undefined;
}

type Path = ReadonlyArray<string | number>;

const KINDS: Readonly<Record<CovariateModelName, string>> = {
  paretoNbdCovariates: 'pareto-nbd-covariates',
  bgNbdCovariates: 'bg-nbd-covariates',
  paretoNbdDynamicCovariates: 'pareto-nbd-dynamic-covariates',
};

/** The fit as an object; a fit that names its kind must be the model's. */
function fitObject(fit: unknown, path: Path, model: CovariateModelName): Record<string, unknown> {
  if (typeof fit !== 'object' || fit === null) {
    invalidOption([...path], 'give the fit returned by the model’s fit() (or load())', '{ params, coefficients, covariance, parameterOrder }', fit);
  }
  const kind = (fit as { kind?: unknown }).kind;
  if (kind !== undefined && kind !== KINDS[model]) {
    invalidOption([...path, 'kind'], `this fit is a ${String(kind)} fit, not one of ${model}: give the model that made it`, `'${KINDS[model]}'`, kind);
  }
  return fit as Record<string, unknown>;
}

function positive(value: unknown, path: Path): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    invalidOption([...path], `${String(path[path.length - 1])} must be a positive number`, 'a finite number > 0', value);
  }
  return value;
}

function finite(value: unknown, path: Path): number {
  if (!(typeof value === 'number' && Number.isFinite(value))) {
    invalidOption([...path], `coefficient ${String(path[path.length - 2])}.${String(path[path.length - 1])} must be a finite number`, 'a finite number', value);
  }
  return value;
}

function coefficientGroup(fit: Record<string, unknown>, group: string, path: Path): Record<string, unknown> {
  const g = (fit.coefficients as Record<string, unknown> | undefined)?.[group];
  if (g === undefined && group === 'shared') return {};
  if (typeof g !== 'object' || g === null) {
    invalidOption([...path, 'coefficients', group], `the fit has no ${group} coefficients`, 'an object of numbers by column', g);
  }
  return g as Record<string, unknown>;
}

/** A fit's L2 weights (recorded by the fit when > 0). */
function regularization(fit: Record<string, unknown>, path: Path): { purchase: number; dropout: number } {
  const r = fit.regularization as { purchase?: unknown; dropout?: unknown } | undefined;
  if (r === undefined) return { purchase: 0, dropout: 0 };
  const read = (v: unknown, key: string): number => {
    if (!(typeof v === 'number' && Number.isFinite(v) && v >= 0)) {
      invalidOption([...path, 'regularization', key], 'regularization weights must be numbers ≥ 0', 'a finite number ≥ 0', v);
    }
    return v;
  };
  return { purchase: read(r.purchase ?? 0, 'purchase'), dropout: read(r.dropout ?? 0, 'dropout') };
}

/** The covariance of φ in `names` order from the fit's covariance in its `parameterOrder`. */
function reorderedCovariance(fit: Record<string, unknown>, names: readonly string[], path: Path): number[][] | null | undefined {
  const cov = fit.covariance;
  if (!Array.isArray(cov)) return cov as null | undefined;
  const order = fit.parameterOrder;
  if (order === undefined) return cov as number[][];
  if (!Array.isArray(order) || order.length !== cov.length) {
    invalidOption([...path, 'parameterOrder'], 'the fit’s parameterOrder must name every row of its covariance', `${cov.length} names`, order);
  }
  const at = names.map((n) => order.indexOf(n));
  const missing = at.indexOf(-1);
  if (missing >= 0 || order.length !== names.length) {
    invalidOption([...path, 'parameterOrder'], `the fit’s parameterOrder does not match its coefficients${missing >= 0 ? ` (no "${names[missing]}")` : ''}: give the fit unchanged`, names.join(', '), order);
  }
  return at.map((i) => at.map((j) => (cov[i] as number[] | undefined)?.[j] as number));
}

const STATIC: Readonly<Record<'paretoNbdCovariates' | 'bgNbdCovariates', { model: CovariateModel<string, string>; dert: DertModelName; alive: (p: never, c: BtydCustomer) => number; expected: (p: never, t: number, c: BtydCustomer) => number }>> = {
  paretoNbdCovariates: { model: PARETO_NBD_COVARIATES as CovariateModel<string, string>, dert: 'paretoNbd', alive: paretoNbdModel.probabilityAlive, expected: paretoNbdModel.conditionalExpectedPurchases },
  bgNbdCovariates: { model: BG_NBD_COVARIATES as CovariateModel<string, string>, dert: 'bgNbd', alive: bgAlive, expected: bgExpected },
};

const PROCESSES = ['purchase', 'dropout', 'shared'] as const;

/**
 * The engine of `paretoNbdCovariates` / `bgNbdCovariates`: `data` (and `customers`) are rows that
 * carry their covariate columns, `{ customerId?, frequency, recency, T, monetaryValue?, …columns }`,
 * as the models' predictions take them.
 */
export function staticCovariateEngine(name: 'paretoNbdCovariates' | 'bgNbdCovariates', fitValue: unknown, data: unknown, customers: unknown): TransactionEngine {
  const { model, dert, alive, expected } = STATIC[name];
  const path: Path = ['transactionModel', 'fit'];
  const fit = fitObject(fitValue, path, name);
  const params = fit.params as Record<string, unknown> | undefined;
  if (typeof params !== 'object' || params === null) {
    invalidOption([...path, 'params'], 'give the fit returned by the model’s fit() (or load())', `{ ${model.names.join(', ')} }`, params);
  }
  const base = model.names.map((n) => positive(params[n], [...path, 'params', n]));
  const columns = { purchase: [] as string[], dropout: [] as string[], shared: [] as string[] };
  const gamma: number[] = [];
  for (const p of PROCESSES) {
    for (const [col, v] of Object.entries(coefficientGroup(fit, p, path))) {
      columns[p].push(col);
      gamma.push(finite(v, [...path, 'coefficients', p, col]));
    }
  }
  const names = [...model.names, ...PROCESSES.flatMap((p) => columns[p].map((c) => `${p}.${c}`))];
  const covariance = reorderedCovariance(fit, names, path);
  const lambda = regularization(fit, path);
  const rowsOf = (value: unknown, key: 'data' | 'customers'): CovariateCustomerRow[] => {
    if (!Array.isArray(value) || value.length === 0) {
      invalidOption([key], `${key} must be a non-empty array of customers carrying their covariate columns`, `[{ frequency, recency, T, ${[...columns.purchase, ...columns.dropout, ...columns.shared].join(', ')} }]`, value);
    }
    return value as CovariateCustomerRow[];
  };
  const dataRows = rowsOf(data, 'data');
  const fitRows = covariateRows(dataRows, columns, ['data']);
  const predCustomers = customers === undefined ? dataRows : rowsOf(customers, 'customers');
  const pred = customers === undefined ? fitRows : covariateRows(predCustomers, columns, ['customers']);
  const boundaryRows = fitRows.first as readonly BtydCustomer[];
  const m = model.names.length;
  /** A fit-like record at φ, its coefficient objects in `parameterOrder` order (as the fit's). */
  const fitAt = (phi: readonly number[]): { params: Record<string, number>; coefficients: CovariateCoefficients } => {
    const coefficients: CovariateCoefficients = { purchase: {}, dropout: {}, shared: {} };
    let j = m;
    for (const p of PROCESSES) for (const c of columns[p]) coefficients[p][c] = phi[j++]!;
    return { params: Object.fromEntries(model.names.map((n, i) => [n, phi[i]!])), coefficients };
  };
  const estimate = [...base, ...gamma];
  return {
    names,
    estimate,
    logScale: names.map((_, i) => i < m),
    covariance,
    dataRows,
    dataPath: ['data'],
    fitIndex: fitRows.index,
    fitRows: fitRows.rows.length,
    predRows: predCustomers,
    predPath: customers === undefined ? ['data'] : ['customers'],
    predIndex: pred.index,
    refit: (weights, warm, maxEvaluations) => {
      let start = estimate;
      if (!warm) {
        // The model's own start: the fit without covariates on the resample, γ = 0.
        const plain = (model.fitPlain as (c: BtydCustomer[], o: object) => { params: Record<string, number> })(boundaryRows as BtydCustomer[], { weights });
        start = [...model.names.map((n) => plain.params[n]!), ...gamma.map(() => 0)];
      }
      const r = refitCovariateModel(model, fitRows.rows, fitRows.design, weights, lambda, start, warm && Array.isArray(covariance) ? covariance : undefined, maxEvaluations, boundaryRows);
      return { phi: r.theta, converged: r.converged };
    },
    evaluate: (phi, horizon, delta) => {
      const f = fitAt(phi);
      const h = checkHorizon(horizon);
      const cet: number[] = [];
      const al: number[] = [];
      const de: number[] = [];
      pred.first.forEach((c) => {
        const p = covariateCustomerParams(model, f, c);
        const row = { frequency: c.frequency, recency: c.recency, T: c.T };
        if (name === 'paretoNbdCovariates') {
          // One P(alive) for both (E[Y(h)] is a factor times it), as paretoNbd computes them.
          const both = paretoNbdExpectedAndAlive(model.names.map((n) => p[n]!), h, [row]);
          al.push(both.alive[0]!);
          cet.push(both.expected[0]!);
        } else {
          al.push(alive(p as never, row));
          cet.push(expected(p as never, h, row));
        }
        if (delta !== undefined) de.push(dertValues(dert, p, delta, [row])[0]!);
      });
      return { cet, alive: al, ...(delta === undefined ? {} : { dert: de }) };
    },
  };
}

/**
 * The engine of `paretoNbdDynamicCovariates`: `data` (and `customers`) are `dynamicCovariateData`
 * output, whose runs reach T + horizon for the prediction customers. No DERT: a residual lifetime
 * needs covariates for ever (CLVTools offers DECT only).
 */
export function dynamicCovariateEngine(fitValue: unknown, data: unknown, customers: unknown): TransactionEngine {
  const path: Path = ['transactionModel', 'fit'];
  const fit = fitObject(fitValue, path, 'paretoNbdDynamicCovariates');
  const params = fit.params as Record<string, unknown> | undefined;
  if (typeof params !== 'object' || params === null) {
    invalidOption([...path, 'params'], 'give the fit returned by paretoNbdDynamicCovariates.fit() (or load())', '{ r, alpha, s, beta }', params);
  }
  const readDynamic = (value: unknown, key: 'data' | 'customers'): DynamicCovariateData => {
    if (Array.isArray(value)) {
      invalidOption([key], `${key} must be the output of dynamicCovariateData(...) for the time-varying model, not an array of rows`, "{ kind: 'dynamic-covariate-data', customers: [...] }", value);
    }
    try {
      return readData(value);
    } catch (e) {
      if (e instanceof CrmError && e.path[0] === 'data' && key === 'customers') throw new CrmError(e.code, e.message, { path: ['customers', ...e.path.slice(1)], cause: e });
      throw e;
    }
  };
  const d = readDynamic(data, 'data');
  const shared = Array.isArray(fit.shared) ? (fit.shared as string[]) : [];
  for (const [group, cols] of [['purchase', d.purchase], ['dropout', d.dropout]] as const) {
    const have = Object.keys(coefficientGroup(fit, group, path));
    if (have.length !== cols.length || cols.some((c) => !have.includes(c))) {
      invalidInput(['data', group], `the data's ${group} covariates differ from the fit's: build the data with the columns the model was fitted on`, `[${have.join(', ')}]`, cols);
    }
  }
  if (shared.some((c) => !d.purchase.includes(c) || !d.dropout.includes(c))) {
    invalidOption([...path, 'shared'], 'the fit’s shared columns must be columns of both data.purchase and data.dropout', 'columns of both processes', shared);
  }
  const cd = compile(d);
  const problem = dynamicProblem(d, cd, shared, regularization(fit, path));
  const purchase = coefficientGroup(fit, 'purchase', path);
  const dropout = coefficientGroup(fit, 'dropout', path);
  const estimate = problem.names.map((n, i) => {
    if (i < 4) return positive(params[n], [...path, 'params', n]);
    const [group, col] = [n.slice(0, n.indexOf('.')), n.slice(n.indexOf('.') + 1)];
    return group === 'dropout' ? finite(dropout[col], [...path, 'coefficients', 'dropout', col]) : finite(purchase[col], [...path, 'coefficients', 'purchase', col]);
  });
  const covariance = reorderedCovariance(fit, problem.names, path);
  const pd = customers === undefined ? d : readDynamic(customers, 'customers');
  if (pd !== d && (pd.purchase.join('\u0000') !== d.purchase.join('\u0000') || pd.dropout.join('\u0000') !== d.dropout.join('\u0000'))) {
    invalidInput(['customers', 'purchase'], 'customers must have the same covariate columns as data', `purchase [${d.purchase.join(', ')}], dropout [${d.dropout.join(', ')}]`, [pd.purchase, pd.dropout]);
  }
  const pcd: Compiled = pd === d ? cd : compile(pd);
  const predPath: Path = customers === undefined ? ['data', 'customers'] : ['customers', 'customers'];
  // The plain Pareto/NBD rows of the compiled rows (for a cold start's plain fit).
  const firstOf = new Int32Array(cd.n).fill(-1);
  cd.rowOf.forEach((row, i) => {
    if (firstOf[row] === -1) firstOf[row] = i;
  });
  const plainRows = { frequency: [] as number[], recency: [] as number[], T: [] as number[] };
  for (let row = 0; row < cd.n; row++) {
    const c = d.customers[firstOf[row]!]!;
    plainRows.frequency.push(c.frequency);
    plainRows.recency.push(c.recency);
    plainRows.T.push(c.T);
  }
  return {
    names: problem.names,
    estimate,
    logScale: problem.names.map((_, i) => i < 4),
    covariance,
    dataRows: d.customers,
    dataPath: ['data', 'customers'],
    fitIndex: Int32Array.from(cd.rowOf),
    fitRows: cd.n,
    predRows: pd.customers,
    predPath,
    predIndex: Int32Array.from(pd.customers, (_, i) => i),
    refit: (weights, warm, maxEvaluations) => {
      const resample: Compiled = { ...cd, w: Array.from(weights) };
      let start = estimate;
      if (!warm) {
        const plain = paretoNbdModel.fit(plainRows, { weights });
        start = [plain.params.r, plain.params.alpha, plain.params.s, plain.params.beta, ...estimate.slice(4).map(() => 0)];
      }
      return refitDynamic(d, resample, problem, start, warm && Array.isArray(covariance) ? covariance : undefined, maxEvaluations);
    },
    evaluate: (phi, horizon, delta) => {
      if (delta !== undefined) throw noDert();
      const theta = problem.expand(phi);
      let cet: number[];
      try {
        cet = expectedAheadCompiled(pd, pcd, theta, horizon, 0);
      } catch (e) {
        if (e instanceof CrmError && e.path[0] === 'data') throw new CrmError(e.code, e.message, { path: [...predPath, ...e.path.slice(2)], cause: e });
        throw e;
      }
      return { cet, alive: perCustomerCompiled(pcd, theta, aliveOf) };
    },
  };
}

/** The error for DERT/CLV with the time-varying model. */
export function noDert(): CrmError {
  return new CrmError('INVALID_OPTION', 'paretoNbdDynamicCovariates has no DERT (and so no CLV interval): a residual lifetime needs the covariates for ever (CLVTools offers DECT only). Leave out delta and discountRate; for discounted purchases over a finite horizon use paretoNbdDynamicCovariates.discountedConditionalExpectedPurchases', {
    path: ['delta'],
    expected: 'no delta or discountRate with paretoNbdDynamicCovariates',
    received: 'a discount rate',
  });
}
