/**
 * Customer-delivered value (Kotler, Marketing Management, "customer delivered value"):
 *   total customer value TCV = product + service + personnel + image value,
 *   total customer cost  TCC = monetary + time + energy + physical (psychic) cost,
 *   delivered value = TCV − TCC, value ratio = TCV / TCC.
 * Optional weights scale each component (a weighted sum); defaults are all 1, Kotler's plain sum.
 */
import { CrmError, invalidInput, invalidOption, readOptions, readNonNegative, type CrmErrorPath } from '../core/index.js';

/** The four value components. */
export interface ValueComponents { product: number; service: number; personnel: number; image: number }
/** The four cost components (non-negative). */
export interface CostComponents { monetary: number; time: number; energy: number; physical: number }

/** One offer (or one customer's view of it). */
export interface DeliveredValueInput {
  /** Optional label (e.g. the offer or the competitor). */
  id?: string;
  value: ValueComponents;
  cost: CostComponents;
  /** Component weights (non-negative), default 1 each. */
  weights?: { value?: Partial<ValueComponents>; cost?: Partial<CostComponents> };
}

/** Result for one offer. */
export interface DeliveredValue {
  id: string | null;
  totalValue: number;
  totalCost: number;
  /** totalValue − totalCost. */
  deliveredValue: number;
  /** totalValue / totalCost, or null when the total cost is 0. */
  ratio: number | null;
  reasons: string[];
}

/** Result for a list of offers: each offer, and the ranking by delivered value. */
export interface DeliveredValueComparison {
  offers: Array<DeliveredValue & { rank: number }>;
  /** Index (in the input) of the offer with the largest delivered value (first on ties). */
  best: number;
}

const VALUE_KEYS = ['product', 'service', 'personnel', 'image'] as const;
const COST_KEYS = ['monetary', 'time', 'energy', 'physical'] as const;

function part(obj: unknown, keys: readonly string[], path: CrmErrorPath, what: string, nonNegative: boolean): Record<string, number> {
  if (typeof obj !== 'object' || obj === null) invalidInput(path, `${what} must be an object`, `{ ${keys.join(', ')} }`, obj);
  const out: Record<string, number> = {};
  for (const k of keys) {
    const v = (obj as Record<string, unknown>)[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || (nonNegative && v < 0)) {
      invalidInput([...path, k], `${what} component ${k} is invalid`, nonNegative ? 'a finite number >= 0' : 'a finite number', v);
    }
    out[k] = v;
  }
  return out;
}

function weightsOf(obj: unknown, keys: readonly string[], path: CrmErrorPath): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = 1;
  const o = readOptions(obj, keys, path);
  for (const k of keys) out[k] = readNonNegative(o[k], [...path, k], 1);
  return out;
}

function one(input: unknown, path: CrmErrorPath): DeliveredValue {
  if (typeof input !== 'object' || input === null) invalidInput(path, 'offer must be an object', '{ value, cost, weights? }', input);
  const rec = input as Partial<DeliveredValueInput>;
  if (rec.id !== undefined && typeof rec.id !== 'string') invalidInput([...path, 'id'], 'id must be a string', 'a string', rec.id);
  // Value components may be negative (e.g. a damaging brand image); costs may not (Kotler: a cost is borne).
  const v = part(rec.value, VALUE_KEYS, [...path, 'value'], 'value', false);
  const c = part(rec.cost, COST_KEYS, [...path, 'cost'], 'cost', true);
  const w = readOptions(rec.weights, ['value', 'cost'] as const, [...path, 'weights']);
  const wv = weightsOf(w.value, VALUE_KEYS, [...path, 'weights', 'value']);
  const wc = weightsOf(w.cost, COST_KEYS, [...path, 'weights', 'cost']);
  let tcv = 0;
  let tcc = 0;
  const vt: string[] = [];
  const ct: string[] = [];
  for (const k of VALUE_KEYS) {
    tcv += (wv[k]!) * (v[k]!);
    vt.push(wv[k] === 1 ? `${v[k]}` : `${wv[k]}×${v[k]}`);
  }
  for (const k of COST_KEYS) {
    tcc += (wc[k]!) * (c[k]!);
    ct.push(wc[k] === 1 ? `${c[k]}` : `${wc[k]}×${c[k]}`);
  }
  // Totals of finite parts can still overflow (issue 22): say which total, never return ±Infinity.
  if (!Number.isFinite(tcv)) throw new CrmError('NUMERIC_DOMAIN', 'total customer value (weighted sum of the value components) overflows a double; rescale the components', { path: [...path, 'value'] });
  if (!Number.isFinite(tcc)) throw new CrmError('NUMERIC_DOMAIN', 'total customer cost (weighted sum of the cost components) overflows a double; rescale the components', { path: [...path, 'cost'] });
  const dv = tcv - tcc;
  if (!Number.isFinite(dv)) throw new CrmError('NUMERIC_DOMAIN', `delivered value = ${tcv} − ${tcc} overflows a double; rescale the components`, { path: [...path, 'value'] });
  const ratio = tcc === 0 ? null : tcv / tcc;
  if (ratio !== null && !Number.isFinite(ratio)) throw new CrmError('NUMERIC_DOMAIN', `value-to-cost ratio ${tcv} / ${tcc} overflows a double; rescale the components`, { path: [...path, 'cost'] });
  const reasons = [
    `total customer value = ${vt.join(' + ')} = ${tcv}`,
    `total customer cost = ${ct.join(' + ')} = ${tcc}`,
    `delivered value = ${tcv} − ${tcc} = ${dv}` + (ratio === null ? '; ratio undefined (total cost 0)' : `; ratio = ${Math.round(ratio * 1e4) / 1e4}`),
  ];
  return { id: rec.id ?? null, totalValue: tcv, totalCost: tcc, deliveredValue: dv, ratio, reasons };
}

/**
 * Customer-delivered value of one offer, or of several offers compared (ranked by delivered value).
 *
 * @example
 * ```ts
 * import { deliveredValue } from 'crm-analytics/value';
 * const r = deliveredValue({
 *   value: { product: 40, service: 20, personnel: 10, image: 10 },
 *   cost: { monetary: 50, time: 5, energy: 3, physical: 2 },
 * });
 * r.deliveredValue; // 20   (80 − 60)
 * r.ratio; // 1.3333
 * ```
 */
export function deliveredValue(input: DeliveredValueInput): DeliveredValue;
export function deliveredValue(input: readonly DeliveredValueInput[]): DeliveredValueComparison;
export function deliveredValue(input: DeliveredValueInput | readonly DeliveredValueInput[]): DeliveredValue | DeliveredValueComparison {
  if (!Array.isArray(input)) return one(input, []);
  if (input.length === 0) invalidInput([], 'no offers to compare', 'a non-empty array', input);
  const results = input.map((o: unknown, i: number) => one(o, [i]));
  const order = results.map((_, i) => i).sort((a, b) => (results[b] as DeliveredValue).deliveredValue - (results[a] as DeliveredValue).deliveredValue || a - b);
  const rank = new Array<number>(results.length);
  order.forEach((idx, r) => (rank[idx] = r + 1));
  return { offers: results.map((r, i) => ({ ...r, rank: rank[i]! })), best: order[0]! };
}
