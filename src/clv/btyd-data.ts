/**
 * Validation and compression of BTYD data (frequency, recency, T) for the transaction models.
 * Identical rows are merged and their weights summed, so a fit costs O(unique rows) per
 * iteration: the "group and weight" workaround of lifetimes #419 made automatic.
 */
import { type CrmErrorPath, invalidInput, invalidOption } from '../core/index.js';
import { intern } from '../core/intern.js';
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
  /** Distinct T values and each row's index into them (lets models compute ln(α+T) once per value). */
  uniqueT?: Float64Array;
  tIndex?: Int32Array;
  /** Distinct recency values and each row's index into them. */
  uniqueTx?: Float64Array;
  txIndex?: Int32Array;
}

function indexValues(values: Float64Array): { unique: Float64Array; index: Int32Array } {
  const map = new Map<number, number>();
  const unique: number[] = [];
  const index = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) index[i] = intern(map, unique, values[i]!);
  return { unique: Float64Array.from(unique), index };
}

/** Add the distinct-value indices of T and recency to compressed data (idempotent). */
export function withValueIndex(d: CompressedBtyd): Required<CompressedBtyd> {
  if (d.uniqueT === undefined || d.tIndex === undefined) {
    const t = indexValues(d.T);
    d.uniqueT = t.unique;
    d.tIndex = t.index;
  }
  if (d.uniqueTx === undefined || d.txIndex === undefined) {
    const t = indexValues(d.tx);
    d.uniqueTx = t.unique;
    d.txIndex = t.index;
  }
  return d as Required<CompressedBtyd>;
}

/** Validate one customer triple (used by predictions and by {@link compressBtyd}). */
export function checkCustomer(x: unknown, tx: unknown, T: unknown, path: (field: string) => CrmErrorPath, requireCounts = true): void {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0) invalidInput(path('frequency'), 'frequency must be a non-negative number', 'a finite number ≥ 0', x);
  if (requireCounts && !Number.isInteger(x)) invalidInput(path('frequency'), 'frequency must be a whole number of repeat purchases', 'a non-negative integer', x);
  if (typeof T !== 'number' || !Number.isFinite(T) || T < 0) invalidInput(path('T'), 'T must be a non-negative number', 'a finite number ≥ 0', T);
  if (typeof tx !== 'number' || !Number.isFinite(tx) || tx < 0) invalidInput(path('recency'), 'recency must be a non-negative number', 'a finite number ≥ 0', tx);
  if (tx > T) invalidInput(path('recency'), 'recency must not exceed T', `a number ≤ T (${T})`, tx);
  if (x === 0 && tx !== 0) invalidInput(path('recency'), 'recency must be 0 when frequency is 0 (lifetimes convention)', '0', tx);
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
    if (typeof n !== 'number') invalidInput(['data', 'frequency'], 'frequency must be an array', 'an array of numbers', c.frequency);
    if (c.recency?.length !== n) invalidInput(['data', 'recency'], 'recency must have the same length as frequency', `length ${n}`, c.recency?.length);
    if (c.T?.length !== n) invalidInput(['data', 'T'], 'T must have the same length as frequency', `length ${n}`, c.T?.length);
    return n;
  }
  return invalidInput(['data'], 'data must be an array of { frequency, recency, T } or an object of columns', 'an array or { frequency, recency, T } columns', data);
}

/**
 * Read row `i` of the data without copying.
 */
export function rowAccessor(data: BtydData): (i: number) => BtydCustomer & { path: (field: string) => CrmErrorPath } {
  if (isColumns(data)) {
    return (i) => ({
      frequency: data.frequency[i]!,
      recency: data.recency[i]!,
      T: data.T[i]!,
      path: (f) => ['data', f, i],
    });
  }
  const rows = data as readonly BtydCustomer[];
  return (i) => {
    const r = rows[i];
    if (typeof r !== 'object' || r === null) invalidInput([i], 'each row must be an object', '{ frequency, recency, T }', r);
    return { frequency: r.frequency, recency: r.recency, T: r.T, path: (f) => [i, f] };
  };
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** 32-bit hash of a double's bit pattern (−0 is normalised to 0 by the caller). */
function hashDouble(v: number, seed: number): number {
  F64[0] = v;
  let h = Math.imul((U32[0]!) ^ seed, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ (U32[1]!), 0x85ebca77);
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * Validate and compress. `weights` (optional) must be non-negative finite numbers, one per row;
 * rows of weight 0 are dropped. Identical (x, t_x, T) rows are merged with an open-addressing
 * hash table on the values' bit patterns (O(n), no string keys), then the unique rows are sorted
 * by x, T, t_x.
 */
export function compressBtyd(data: BtydData, weights: ArrayLike<number> | undefined, requireCounts = true): CompressedBtyd {
  const n = rowCount(data);
  if (n === 0) invalidInput(['data'], 'data must contain at least one customer', 'a non-empty array', 0);
  if (weights !== undefined) {
    if (typeof weights !== 'object' || weights === null || typeof weights.length !== 'number') {
      invalidOption(['options', 'weights'], 'weights must be an array of numbers', 'an array', weights);
    }
    if (weights.length !== n) {
      invalidOption(['options', 'weights'], 'weights must have one entry per row', `length ${n}`, weights.length);
    }
  }
  const columns = isColumns(data);
  const rows = columns ? undefined : (data as readonly BtydCustomer[]);
  const cols = columns ? (data as BtydColumns) : undefined;
  let cap = 1024;
  while (cap < 2 * Math.min(n, 1 << 22)) cap <<= 1;
  let slots = new Int32Array(cap).fill(-1);
  let ux = new Float64Array(Math.min(n, 1024));
  let utx = new Float64Array(ux.length);
  let uT = new Float64Array(ux.length);
  let uw = new Float64Array(ux.length);
  let m = 0;
  let total = 0;
  const doubled = (a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> => {
    const out = new Float64Array(a.length * 2);
    out.set(a);
    return out;
  };
  const grow = (): void => {
    ux = doubled(ux);
    utx = doubled(utx);
    uT = doubled(uT);
    uw = doubled(uw);
  };
  const insertSlot = (x: number, tx: number, T: number): number => {
    const mask = slots.length - 1;
    let h = (hashDouble(x, 0x27d4eb2f) ^ hashDouble(tx, 0x165667b1) ^ Math.imul(hashDouble(T, 0x61c88647), 3)) & mask;
    for (;;) {
      const k = slots[h]!;
      if (k === -1) return -1 - h;
      if (ux[k] === x && utx[k] === tx && uT[k] === T) return k;
      h = (h + 1) & mask;
    }
  };
  for (let i = 0; i < n; i++) {
    let x: number;
    let tx: number;
    let T: number;
    if (cols !== undefined) {
      x = cols.frequency[i]!;
      tx = cols.recency[i]!;
      T = cols.T[i]!;
    } else {
      const r = (rows as readonly BtydCustomer[])[i];
      if (typeof r !== 'object' || r === null) invalidInput([i], 'each row must be an object', '{ frequency, recency, T }', r);
      x = r.frequency;
      tx = r.recency;
      T = r.T;
    }
    // Fast validity test; the full check (with the error path) only runs on failure.
    if (!(x >= 0 && tx >= 0 && tx <= T && T < Number.POSITIVE_INFINITY && x < Number.POSITIVE_INFINITY && (!requireCounts || Number.isInteger(x)) && (x !== 0 || tx === 0))) {
      checkCustomer(x, tx, T, cols !== undefined ? (f) => ['data', f, i] : (f) => [i, f], requireCounts);
    }
    let w = 1;
    if (weights !== undefined) {
      w = weights[i]!;
      if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
        invalidOption(['options', 'weights', i], 'weights must be non-negative finite numbers', 'a finite number ≥ 0', w);
      }
      if (w === 0) continue;
    }
    total += w;
    x += 0; // −0 → 0
    tx += 0;
    T += 0;
    const k = insertSlot(x, tx, T);
    if (k >= 0) {
      uw[k] = (uw[k]!) + w;
      continue;
    }
    if (m === ux.length) grow();
    ux[m] = x;
    utx[m] = tx;
    uT[m] = T;
    uw[m] = w;
    slots[-1 - k] = m;
    m++;
    if (2 * m > slots.length) {
      // Rehash into a table twice the size.
      slots = new Int32Array(slots.length * 2).fill(-1);
      for (let j = 0; j < m; j++) {
        const s = insertSlot(ux[j]!, utx[j]!, uT[j]!);
        slots[-1 - s] = j;
      }
    }
  }
  if (!(total > 0)) {
    invalidOption(['options', 'weights'], 'weights must not all be zero', 'at least one positive weight', total);
  }
  const order = Array.from({ length: m }, (_, i) => i).sort((p, q) => (ux[p]!) - (ux[q]!) || (uT[p]!) - (uT[q]!) || (utx[p]!) - (utx[q]!));
  const out: CompressedBtyd = { x: new Float64Array(m), tx: new Float64Array(m), T: new Float64Array(m), w: new Float64Array(m), total, inputRows: n };
  for (let dst = 0; dst < m; dst++) {
    const src = order[dst]!;
    out.x[dst] = ux[src]!;
    out.tx[dst] = utx[src]!;
    out.T[dst] = uT[src]!;
    out.w[dst] = uw[src]!;
  }
  return out;
}

/** The data summary a BTYD fit records in its envelope: customers, rows, repeat purchases and total observation time. */
export function btydFittedOn(d: CompressedBtyd): { n: number; rows: number; repeatPurchases: number; observationTime: number } {
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < d.x.length; i++) {
    sx += (d.w[i]!) * (d.x[i]!);
    sT += (d.w[i]!) * (d.T[i]!);
  }
  return { n: d.total, rows: d.inputRows, repeatPurchases: sx, observationTime: sT };
}

/** One customer as compressed data of weight 1 (per-customer log-likelihoods). */
export function oneCustomer(c: BtydCustomer): CompressedBtyd {
  return { x: Float64Array.of(c.frequency), tx: Float64Array.of(c.recency), T: Float64Array.of(c.T), w: Float64Array.of(1), total: 1, inputRows: 1 };
}

/**
 * The data's scale for starting values and boundary rules: the mean repeat-purchase rate Σwx/ΣwT
 * (at least 1e-6), the mean observation length ΣwT/Σw and the longest observation, in the data's
 * time unit.
 */
export function purchaseScale(d: CompressedBtyd): { rate: number; meanT: number; longestT: number } {
  let sx = 0;
  let sT = 0;
  let longestT = 0;
  for (let i = 0; i < d.x.length; i++) {
    sx += d.w[i]! * d.x[i]!;
    sT += d.w[i]! * d.T[i]!;
    longestT = Math.max(longestT, d.T[i]!);
  }
  return { rate: Math.max(sx / Math.max(sT, 1e-12), 1e-6), meanT: sT / d.total, longestT };
}
