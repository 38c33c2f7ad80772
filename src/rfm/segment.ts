/**
 * `segment`: name each customer by the first rule whose inclusive R/F/M ranges all hold
 * (R `rfm` 0.3.0 `rfm_segment`, first match since 0.2.2 / issue #67; unmatched → fallback).
 */
import { invalidInput, invalidOption, readOptions } from '../core/index.js';
import { SEGMENT_TABLES, type SegmentRule, type SegmentTable } from './segment-tables.js';

/** Options of {@link segment}. */
export interface SegmentOptions {
  /**
   * A built-in table id (`'rfm-package'`, default; `'rfm-package-tests'`; `'pandas-rf-map'`), a
   * {@link SegmentTable}, or an ordered list of rules (fallback `"Others"` unless `fallback` is set).
   */
  table?: 'rfm-package' | 'rfm-package-tests' | 'pandas-rf-map' | SegmentTable | readonly SegmentRule[];
  /** Overrides the table's fallback segment name. */
  fallback?: string;
}

/** The scores `segment` reads (an {@link RfmScore} fits). */
export interface SegmentInput {
  customerId: string;
  r: number;
  f: number;
  m: number;
}

/** One customer's segment and why. */
export interface RfmSegment {
  customerId: string;
  segment: string;
  /** Human-readable: which rule matched with which scores, or that none did. */
  reasons: string[];
}

function parseRange(value: unknown, path: (string | number)[]): readonly [number, number] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'number' || typeof value[1] !== 'number' || !Number.isFinite(value[0]) || !Number.isFinite(value[1]) || value[0] > value[1]) {
    invalidOption(path, 'a score range must be [lo, hi] with lo <= hi', '[lo, hi] finite numbers with lo <= hi', value);
  }
  return [value[0], value[1]];
}

function resolveTable(options: SegmentOptions | undefined): { rules: SegmentRule[]; fallback: string } {
  const o = readOptions(options, ['table', 'fallback'] as const);
  const t = o.table ?? 'rfm-package';
  let table: { rules: readonly unknown[]; fallback: string };
  let rulesPath: (string | number)[];
  if (typeof t === 'string') {
    const found = SEGMENT_TABLES.get(t);
    if (found === undefined) invalidOption(['options', 'table'], 'unknown segment table', `one of ${[...SEGMENT_TABLES.keys()].map((k) => `'${k}'`).join(', ')}, a table or a rule list`, t);
    table = found;
    rulesPath = ['options', 'table', 'rules'];
  } else if (Array.isArray(t)) {
    table = { rules: t, fallback: 'Others' };
    rulesPath = ['options', 'table'];
  } else if (typeof t === 'object' && t !== null && Array.isArray((t as SegmentTable).rules)) {
    const tt = t as SegmentTable;
    table = { rules: tt.rules, fallback: typeof tt.fallback === 'string' ? tt.fallback : 'Others' };
    rulesPath = ['options', 'table', 'rules'];
  } else {
    invalidOption(['options', 'table'], 'unknown segment table', 'a table id, a SegmentTable or an array of rules', t);
  }
  const fallback = o.fallback ?? table.fallback;
  if (typeof fallback !== 'string') invalidOption(['options', 'fallback'], 'fallback must be a string', 'a string', fallback);
  const rules = table.rules.map((raw, j): SegmentRule => {
    const path = [...rulesPath, j];
    if (typeof raw !== 'object' || raw === null) invalidOption(path, 'a rule must be an object', '{ name, r?, f?, m? }', raw);
    const rr = raw as Record<string, unknown>;
    if (typeof rr.name !== 'string' || rr.name.length === 0) invalidOption([...path, 'name'], 'a rule needs a name', 'a non-empty string', rr.name);
    const rule: SegmentRule = { name: rr.name };
    const r = parseRange(rr.r, [...path, 'r']);
    const f = parseRange(rr.f, [...path, 'f']);
    const m = parseRange(rr.m, [...path, 'm']);
    if (r) rule.r = r;
    if (f) rule.f = f;
    if (m) rule.m = m;
    return rule;
  });
  return { rules, fallback };
}

const inRange = (v: number, range: readonly [number, number] | undefined): boolean => range === undefined || (v >= range[0] && v <= range[1]);
const showRange = (range: readonly [number, number]): string => (range[0] === range[1] ? `${range[0]}` : `${range[0]}–${range[1]}`);

/**
 * Name each customer by the first rule (in order) whose inclusive score ranges all contain the
 * customer's R, F and M scores; no match gives the table's fallback (`"Others"`). Output is in
 * input order, with a reason naming the rule and the scores.
 *
 * @example
 * ```ts
 * import { segment } from 'crm-analytics/rfm';
 * segment([{ customerId: 'a', r: 5, f: 5, m: 5 }]);
 * // [{ customerId: 'a', segment: 'Champions', reasons: ['rule 1 "Champions": R=5 in 5, F=5 in 5, M=5 in 5 (first match)'] }]
 * segment([{ customerId: 'a', r: 5, f: 1, m: 3 }], { table: 'pandas-rf-map' })[0].segment; // 'new_customers'
 * ```
 */
export function segment(scores: readonly SegmentInput[], options?: SegmentOptions): RfmSegment[] {
  const { rules, fallback } = resolveTable(options);
  if (!Array.isArray(scores)) invalidInput([], 'scores must be an array', 'an array of { customerId, r, f, m }', scores);
  const out: RfmSegment[] = new Array(scores.length);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as unknown as Record<string, unknown> | null;
    if (typeof s !== 'object' || s === null) invalidInput([i], 'a score must be an object', '{ customerId, r, f, m }', s);
    if (typeof s.customerId !== 'string' || s.customerId.length === 0) invalidInput([i, 'customerId'], 'customerId must be a non-empty string', 'a non-empty string', s.customerId);
    for (const k of ['r', 'f', 'm'] as const) {
      const v = s[k];
      if (typeof v !== 'number' || !Number.isFinite(v)) invalidInput([i, k], `${k} must be a finite number`, 'a finite number', v);
    }
    const r = s.r as number;
    const f = s.f as number;
    const m = s.m as number;
    let name = fallback;
    let reason = `no rule matched R=${r}, F=${f}, M=${m}; fallback "${fallback}"`;
    for (let j = 0; j < rules.length; j++) {
      const rule = rules[j] as SegmentRule;
      if (inRange(r, rule.r) && inRange(f, rule.f) && inRange(m, rule.m)) {
        name = rule.name;
        const parts: string[] = [];
        if (rule.r) parts.push(`R=${r} in ${showRange(rule.r)}`);
        if (rule.f) parts.push(`F=${f} in ${showRange(rule.f)}`);
        if (rule.m) parts.push(`M=${m} in ${showRange(rule.m)}`);
        reason = `rule ${j + 1} "${rule.name}": ${parts.length > 0 ? parts.join(', ') : 'matches every score'} (first match)`;
        break;
      }
    }
    out[i] = { customerId: s.customerId, segment: name, reasons: [reason] };
  }
  return out;
}
