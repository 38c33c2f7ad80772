/**
 * Importance–performance (importance–satisfaction) analysis, Martilla & James (1977),
 * "Importance-Performance Analysis", J. Marketing 41(1):77–79. Each attribute is placed by its
 * importance and its satisfaction against a split (the means, the medians, or given values);
 * a value equal to the split counts as high.
 *   high importance, low satisfaction  → urgent-improvement     (急需改进区, "concentrate here")
 *   high importance, high satisfaction → competitive-advantage  (竞争优势区, "keep up the good work")
 *   low importance,  low satisfaction  → secondary-improvement  (次要改进区, "low priority")
 *   low importance,  high satisfaction → surplus                (锦上添花区, "possible overkill")
 */
import { mean, median } from '../core/math/statistics.js';
import { invalidInput, invalidOption, readNumber, readOptions } from '../core/index.js';

/** One attribute's mean importance and satisfaction ratings. */
export interface AttributeRating { name: string; importance: number; satisfaction: number }

/** The four quadrants. */
export type IsaQuadrant = 'urgent-improvement' | 'competitive-advantage' | 'secondary-improvement' | 'surplus';

/** Options of {@link importanceSatisfactionMatrix}. */
export interface ImportanceMatrixOptions {
  /** Where to split the axes. Default 'mean' (Martilla & James place the cross-hairs by judgement; the mean is the common data-centred choice). */
  split?: 'mean' | 'median' | { importance: number; satisfaction: number };
}

/** Result of {@link importanceSatisfactionMatrix}. */
export interface ImportanceMatrix {
  split: { importance: number; satisfaction: number; method: 'mean' | 'median' | 'given' };
  attributes: Array<AttributeRating & { quadrant: IsaQuadrant; quadrantZh: string; reasons: string[] }>;
  /** Attribute names per quadrant, in input order. */
  quadrants: Record<IsaQuadrant, string[]>;
}

const ZH: Readonly<Record<IsaQuadrant, string>> = Object.freeze({
  'urgent-improvement': '急需改进区',
  'competitive-advantage': '竞争优势区',
  'secondary-improvement': '次要改进区',
  surplus: '锦上添花区',
});

/**
 * Place attributes in the importance × satisfaction quadrants.
 *
 * @example
 * ```ts
 * import { importanceSatisfactionMatrix } from 'crm-analytics/value';
 * const m = importanceSatisfactionMatrix([
 *   { name: 'price', importance: 9, satisfaction: 5 },
 *   { name: 'quality', importance: 8, satisfaction: 8 },
 *   { name: 'packaging', importance: 3, satisfaction: 4 },
 *   { name: 'parking', importance: 4, satisfaction: 7 },
 * ]);
 * m.quadrants['urgent-improvement']; // ['price']
 * ```
 */
export function importanceSatisfactionMatrix(attributes: readonly AttributeRating[], options: ImportanceMatrixOptions = {}): ImportanceMatrix {
  const o = readOptions(options, ['split'] as const);
  if (!Array.isArray(attributes) || attributes.length === 0) invalidInput([], 'attributes must be a non-empty array', 'an array of { name, importance, satisfaction }', attributes);
  const names = new Set<string>();
  const rows: AttributeRating[] = attributes.map((a: unknown, i: number) => {
    if (typeof a !== 'object' || a === null) invalidInput([i], 'attribute must be an object', '{ name, importance, satisfaction }', a);
    const r = a as Partial<AttributeRating>;
    if (typeof r.name !== 'string' || r.name.length === 0) invalidInput([i, 'name'], 'attribute name must be a non-empty string', 'a string', r.name);
    if (names.has(r.name)) invalidInput([i, 'name'], 'duplicate attribute name', 'distinct names', r.name);
    names.add(r.name);
    for (const k of ['importance', 'satisfaction'] as const) {
      if (typeof r[k] !== 'number' || !Number.isFinite(r[k])) invalidInput([i, k], `${k} must be a finite number`, 'a finite number', r[k]);
    }
    return { name: r.name, importance: r.importance as number, satisfaction: r.satisfaction as number };
  });
  const split = o.split ?? 'mean';
  let si: number;
  let ss: number;
  let method: 'mean' | 'median' | 'given';
  if (split === 'mean' || split === 'median') {
    const f = split === 'mean' ? mean : median;
    si = f(rows.map((r) => r.importance));
    ss = f(rows.map((r) => r.satisfaction));
    method = split;
  } else if (typeof split === 'object' && split !== null) {
    const s = readOptions(split, ['importance', 'satisfaction'] as const, ['options', 'split']);
    si = readNumber(s.importance, ['options', 'split', 'importance']);
    ss = readNumber(s.satisfaction, ['options', 'split', 'satisfaction']);
    method = 'given';
  } else {
    invalidOption(['options', 'split'], 'unknown split', "'mean', 'median' or { importance, satisfaction }", split);
  }
  const quadrants: Record<IsaQuadrant, string[]> = { 'urgent-improvement': [], 'competitive-advantage': [], 'secondary-improvement': [], surplus: [] };
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const out = rows.map((r) => {
    const hiI = r.importance >= si;
    const hiS = r.satisfaction >= ss;
    const quadrant: IsaQuadrant = hiI ? (hiS ? 'competitive-advantage' : 'urgent-improvement') : hiS ? 'surplus' : 'secondary-improvement';
    quadrants[quadrant].push(r.name);
    return {
      ...r,
      quadrant,
      quadrantZh: ZH[quadrant],
      reasons: [
        `importance ${r4(r.importance)} ${hiI ? '>=' : '<'} ${method} ${r4(si)} (${hiI ? 'high' : 'low'})`,
        `satisfaction ${r4(r.satisfaction)} ${hiS ? '>=' : '<'} ${method} ${r4(ss)} (${hiS ? 'high' : 'low'})`,
      ],
    };
  });
  return { split: { importance: si, satisfaction: ss, method }, attributes: out, quadrants };
}
