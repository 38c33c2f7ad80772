/**
 * Validation and compression of BTYD data (frequency, recency, T) for the transaction models.
 * Identical rows are merged and their weights summed, so a fit costs O(unique rows) per
 * iteration: the "group and weight" workaround of lifetimes #419 made automatic.
 */
import { CrmError, type CrmErrorPath } from '../core/index.js';
import type { BtydColumns, BtydCustomer, BtydData } from './types.js';

/** Compressed, validated data: unique rows sorted by frequency, with summed weights. */
export interface CompressedBtyd {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  /** Σ weights. */
  total: number;
  /** Rows before compression. */
  inputRows: number;
}

function bad(path: CrmErrorPath, message: string, expected: string, received: unknown): never {
  throw new CrmError('INVALID_INPUT', message, { path, expected, received });
}

/** Validate one customer triple (used by predictions and by {@link compressBtyd}). */
export function checkCustomer(x: unknown, tx: unknown, T: unknown, path: (field: string) => CrmErrorPath, requireCounts = true): void {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) bad(path('frequency'), 'frequency must be a non-negative number', 'a finite number ≥ 0', x);
  if (requireCounts && !Number.isInteger(x)) bad(path('frequency'), 'frequency must be a whole number of repeat purchases', 'a non-negative integer', x);
  if (typeof T !== 'number' || !Number.isFinite(T) || T < 0) bad(path('T'), 'T must be a non-negative number', 'a finite number ≥ 0', T);
  if (typeof tx !== 'number' || !Number.isFinite(tx) || tx < 0) bad(path('recency'), 'recency must be a non-negative number', 'a finite number ≥ 0', tx);
  if (tx > T) bad(path('recency'), 'recency must not exceed T', `a number ≤ T (${T})`, tx);
  if (x === 0 && tx !== 0) bad(path('recency'), 'recency must be 0 when frequency is 0 (lifetimes convention)', '0', tx);
}

function isColumns(data: BtydData): data is BtydColumns {
  return !Array.isArray(data) && typeof data === 'object' && data !== null && 'frequency' in data;
}

/** Number of rows of `data` (throws on a malformed container). */
export function rowCount(data: unknown): number {
  if (Array.isArray(data)) return data.length;
  if (typeof data === 'object' && data !== null && 'frequency' in data && 'recency' in data && 'T' in data) {
    const c = data as BtydColumns;
    const n = c.frequency?.length;
    if (typeof n !== 'number') bad(['data', 'frequency'], 'frequency must be an array', 'an array of numbers', c.frequency);
    if (c.recency?.length !== n) bad(['data', 'recency'], 'recency must have the same length as frequency', `length ${n}`, c.recency?.length);
    if (c.T?.length !== n) bad(['data', 'T'], 'T must have the same length as frequency', `length ${n}`, c.T?.length);
    return n;
  }
  return bad(['data'], 'data must be an array of { frequency, recency, T } or an object of columns', 'an array or { frequency, recency, T } columns', data);
}

/**
 * Read row `i` of the data without copying.
 */
export function rowAccessor(data: BtydData): (i: number) => BtydCustomer & { path: (field: string) => CrmErrorPath } {
  if (isColumns(data)) {
    return (i) => ({
      frequency: data.frequency[i] as number,
      recency: data.recency[i] as number,
      T: data.T[i] as number,
      path: (f) => ['data', f, i],
    });
  }
  const rows = data as readonly BtydCustomer[];
  return (i) => {
    const r = rows[i];
    if (typeof r !== 'object' || r === null) bad([i], 'each row must be an object', '{ frequency, recency, T }', r);
    return { frequency: r.frequency, recency: r.recency, T: r.T, path: (f) => [i, f] };
  };
}

/**
 * Validate and compress. `weights` (optional) must be non-negative finite numbers, one per row;
 * rows of weight 0 are dropped.
 */
export function compressBtyd(data: BtydData, weights: ArrayLike<number> | undefined, requireCounts = true): CompressedBtyd {
  const n = rowCount(data);
  if (n === 0) bad(['data'], 'data must contain at least one customer', 'a non-empty array', 0);
  if (weights !== undefined) {
    if (typeof weights !== 'object' || weights === null || typeof weights.length !== 'number') {
      throw new CrmError('INVALID_OPTION', 'weights must be an array of numbers', { path: ['options', 'weights'], expected: 'an array', received: weights });
    }
    if (weights.length !== n) {
      throw new CrmError('INVALID_OPTION', 'weights must have one entry per row', { path: ['options', 'weights'], expected: `length ${n}`, received: weights.length });
    }
  }
  const get = rowAccessor(data);
  // x → T → t_x → unique index
  const index = new Map<number, Map<number, Map<number, number>>>();
  const ux: number[] = [];
  const utx: number[] = [];
  const uT: number[] = [];
  const uw: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const r = get(i);
    checkCustomer(r.frequency, r.recency, r.T, r.path, requireCounts);
    let w = 1;
    if (weights !== undefined) {
      w = weights[i] as number;
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
        throw new CrmError('INVALID_OPTION', 'weights must be non-negative finite numbers', { path: ['options', 'weights', i], expected: 'a finite number ≥ 0', received: w });
      }
      if (w === 0) continue;
    }
    total += w;
    let byT = index.get(r.frequency);
    if (byT === undefined) {
      byT = new Map();
      index.set(r.frequency, byT);
    }
    let byTx = byT.get(r.T);
    if (byTx === undefined) {
      byTx = new Map();
      byT.set(r.T, byTx);
    }
    const k = byTx.get(r.recency);
    if (k === undefined) {
      byTx.set(r.recency, ux.length);
      ux.push(r.frequency);
      utx.push(r.recency);
      uT.push(r.T);
      uw.push(w);
    } else uw[k] = (uw[k] as number) + w;
  }
  if (!(total > 0)) {
    throw new CrmError('INVALID_OPTION', 'weights must not all be zero', { path: ['options', 'weights'], expected: 'at least one positive weight', received: total });
  }
  const m = ux.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((p, q) => (ux[p] as number) - (ux[q] as number) || (uT[p] as number) - (uT[q] as number) || (utx[p] as number) - (utx[q] as number));
  const out: CompressedBtyd = { x: new Float64Array(m), tx: new Float64Array(m), T: new Float64Array(m), w: new Float64Array(m), total, inputRows: n };
  order.forEach((src, dst) => {
    out.x[dst] = ux[src] as number;
    out.tx[dst] = utx[src] as number;
    out.T[dst] = uT[src] as number;
    out.w[dst] = uw[src] as number;
  });
  return out;
}

/** Validate a params record: every named field a positive finite number. */
export function checkParams<P extends object>(params: P, names: ReadonlyArray<keyof P & string>): void {
  if (typeof params !== 'object' || params === null) {
    throw new CrmError('INVALID_INPUT', 'params must be an object', { path: ['params'], expected: `{ ${names.join(', ')} }`, received: params });
  }
  for (const name of names) {
    const v = (params as Record<string, unknown>)[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new CrmError('INVALID_INPUT', `params.${name} must be a positive number`, { path: ['params', name], expected: 'a finite number > 0', received: v });
    }
  }
}

/** Validate a time horizon `t` (≥ 0). */
export function checkHorizon(t: unknown, name = 't'): number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new CrmError('INVALID_INPUT', `${name} must be a non-negative number`, { path: [name], expected: 'a finite number ≥ 0', received: t });
  }
  return t;
}

/** ln Γ(z+n) − ln Γ(z) accurately (sum of logs for small integer n; Fader–Hardie stable form). */
export function logPochhammer(z: number, n: number, logGamma: (v: number) => number): number {
  if (n === 0) return 0;
  if (Number.isInteger(n) && n <= 64) {
    let s = 0;
    for (let j = 0; j < n; j++) s += Math.log(z + j);
    return s;
  }
  return logGamma(z + n) - logGamma(z);
}

/** ψ(z+n) − ψ(z) accurately (sum of reciprocals for small integer n). */
export function digammaDiff(z: number, n: number, digamma: (v: number) => number): number {
  if (n === 0) return 0;
  if (Number.isInteger(n) && n <= 64) {
    let s = 0;
    for (let j = 0; j < n; j++) s += 1 / (z + j);
    return s;
  }
  return digamma(z + n) - digamma(z);
}
