/**
 * Rules as text, in the layout of R arules' `inspect()` (arules 1.7-13, R/inspect.R, method for
 * "rules"): one rule per line through `print.data.frame(right = FALSE)`, or, when a rule is long,
 * one item per line ("linebreak" layout). Numbers are formatted like R's `format()` of a numeric
 * column (R's formatReal: `digits` significant digits, the fewest that show every value of the
 * column to that precision, common decimals; fixed unless scientific is narrower).
 */
import { CrmError, readBoolean, readInteger, readOptions, readString, invalidInput, invalidOption } from '../core/index.js';
import { RULE_MEASURES, type RuleMeasures } from './measures.js';

/** What {@link inspect} and {@link formatRule} need of a rule. */
export type InspectableRule = { antecedent: readonly string[]; consequent: readonly string[] } & Partial<RuleMeasures>;

/** Options of {@link formatRule} (arules' `labels()` arguments). */
export interface FormatRuleOptions {
  /** Between items. Default `', '`. */
  itemSep?: string;
  /** Before an item set. Default `'{'`. */
  setStart?: string;
  /** After an item set. Default `'}'`. */
  setEnd?: string;
  /** Between antecedent and consequent. Default `'=>'`. */
  ruleSep?: string;
}

/** Options of {@link inspect}. */
export interface InspectOptions extends FormatRuleOptions {
  /** Measure columns, in order. Default arules' quality of `apriori` rules: support, confidence, coverage, lift, count. */
  measures?: readonly (keyof RuleMeasures)[];
  /** Significant digits (R's `getOption("digits")`). Default 7. */
  digits?: number;
  /** One item per line. Default as arules: when some rule's text is longer than 2/3 of `width`. */
  linebreak?: boolean;
  /** Console width that decides `linebreak` (R's `getOption("width")`). Default 80. */
  width?: number;
}

const DEFAULT_MEASURES: readonly (keyof RuleMeasures)[] = ['support', 'confidence', 'coverage', 'lift', 'count'];

/** Length in characters (code points), R's `nchar(type = "chars")`. */
const nchar = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};
const padRight = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - nchar(s)));
const padLeft = (s: string, w: number): string => ' '.repeat(Math.max(0, w - nchar(s))) + s;

/** Significant digits needed (≤ digits) and decimal exponent of |x| after rounding to `digits`. */
function scientific(x: number, digits: number): { nsig: number; e10: number } {
  if (x === 0) return { nsig: 1, e10: 0 };
  const [mant, exp] = Math.abs(x).toExponential(digits - 1).split('e') as [string, string];
  const d = mant.replace('.', '').replace(/0+$/, '');
  return { nsig: Math.max(1, d.length), e10: Number(exp) };
}

/**
 * R's `format()` of a numeric vector with `digits` significant digits: one common format for the
 * column, strings right-justified to a common width (R's formatReal in src/main/format.c).
 */
export function formatColumn(values: readonly number[], digits: number, integer = false): string[] {
  if (integer) {
    const s = values.map((v) => (Number.isFinite(v) ? String(v) : v > 0 ? 'Inf' : v < 0 ? '-Inf' : 'NaN'));
    const w = Math.max(...s.map(nchar));
    return s.map((x) => padLeft(x, w));
  }
  let neg = 0;
  let mxsl = 1;
  let rgt = 0;
  let mxns = 1;
  let mxe = -Infinity;
  let mne = Infinity;
  let anyFinite = false;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    anyFinite = true;
    const { nsig, e10 } = scientific(v, digits);
    if (v < 0) neg = 1;
    mxsl = Math.max(mxsl, e10 + 1);
    rgt = Math.max(rgt, nsig - e10 - 1);
    mxns = Math.max(mxns, nsig);
    mxe = Math.max(mxe, e10);
    mne = Math.min(mne, e10);
  }
  let out: string[];
  if (!anyFinite) out = values.map(() => '');
  else {
    const fixedWidth = neg + mxsl + (rgt > 0 ? rgt + 1 : 0);
    const expDigits = mxe >= 100 || mne <= -100 ? 3 : 2;
    const sciWidth = neg + (mxns > 1 ? mxns + 1 : mxns) + 2 + expDigits;
    const fixed = fixedWidth <= sciWidth; // R_print.scipen = 0
    out = values.map((v) => {
      if (!Number.isFinite(v)) return '';
      if (fixed) return v.toFixed(rgt);
      const [m, e] = v.toExponential(mxns - 1).split('e') as [string, string];
      const en = Number(e);
      return `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(expDigits, '0')}`;
    });
  }
  out = out.map((s, i) => {
    const v = values[i]!;
    return Number.isFinite(v) ? s : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf';
  });
  const w = Math.max(...out.map(nchar));
  return out.map((s) => padLeft(s, w));
}

function readSeparators(opts: { itemSep?: unknown; setStart?: unknown; setEnd?: unknown; ruleSep?: unknown }): Required<FormatRuleOptions> {
  const str = (v: unknown, name: string, d: string): string => (v === '' ? '' : readString(v, ['options', name], d));
  return { itemSep: str(opts.itemSep, 'itemSep', ', '), setStart: str(opts.setStart, 'setStart', '{'), setEnd: str(opts.setEnd, 'setEnd', '}'), ruleSep: str(opts.ruleSep, 'ruleSep', '=>') };
}

function checkRule(rule: unknown, path: (string | number)[]): InspectableRule {
  const r = rule as InspectableRule;
  if (typeof rule !== 'object' || rule === null) invalidInput(path, 'a rule must be an object', 'a rule', rule);
  for (const side of ['antecedent', 'consequent'] as const) {
    const list = r[side] as unknown;
    if (!Array.isArray(list) || list.some((x) => typeof x !== 'string')) {
      invalidInput([...path, side], `${side} must be an array of item labels`, 'an array of strings', list);
    }
  }
  return r;
}

const setLabel = (items: readonly string[], s: Required<FormatRuleOptions>): string => `${s.setStart}${items.join(s.itemSep)}${s.setEnd}`;

/**
 * A rule as one line, `{a, b} => {c}` (arules' `labels()` of a rule).
 *
 * @example
 * ```ts
 * import { formatRule } from 'crm-analytics/basket';
 * formatRule({ antecedent: ['citrus fruit', 'other vegetables'], consequent: ['root vegetables'] });
 * // '{citrus fruit, other vegetables} => {root vegetables}'
 * ```
 */
export function formatRule(rule: InspectableRule, options: FormatRuleOptions = {}): string {
  const s = readSeparators(readOptions(options, ['itemSep', 'setStart', 'setEnd', 'ruleSep']));
  const r = checkRule(rule, ['rule']);
  return `${setLabel(r.antecedent, s)} ${s.ruleSep} ${setLabel(r.consequent, s)}`;
}

/**
 * Rules as a text table in the layout of R arules' `inspect()`: row numbers `[1]`, `lhs`, `=>`,
 * `rhs`, then support, confidence, coverage, lift and count formatted like R (7 significant
 * digits). Long rules switch to arules' one-item-per-line layout. Returns the text (lines joined
 * by `\n`, no final newline; `''` for no rules) instead of printing it.
 *
 * @throws CrmError `INVALID_INPUT` for a rule without item arrays or without a chosen measure.
 * @example
 * ```ts
 * import { associationRules, inspect } from 'crm-analytics/basket';
 * const rules = associationRules([['beer', 'diapers'], ['beer', 'diapers', 'chips'], ['chips'], ['diapers']], { minSupport: 0.5, minConfidence: 0.6 });
 * console.log(inspect(rules));
 * //     lhs          rhs       support confidence coverage lift     count
 * // [1] {beer}    => {diapers} 0.5     1.0000000  0.50     1.333333 2
 * // [2] {diapers} => {beer}    0.5     0.6666667  0.75     1.333333 2
 * ```
 */
export function inspect(rules: readonly InspectableRule[], options: InspectOptions = {}): string {
  const opts = readOptions(options, ['itemSep', 'setStart', 'setEnd', 'ruleSep', 'measures', 'digits', 'linebreak', 'width']);
  const sep = readSeparators(opts);
  const digits = readInteger(opts.digits, ['options', 'digits'], { min: 1, max: 22, default: 7 });
  const width = readInteger(opts.width, ['options', 'width'], { min: 10, max: 10_000, default: 80 });
  let measures = DEFAULT_MEASURES;
  if (opts.measures !== undefined) {
    if (!Array.isArray(opts.measures)) invalidOption(['options', 'measures'], 'measures must be an array of measure names', RULE_MEASURES.join(', '), opts.measures);
    opts.measures.forEach((m: unknown, i: number) => {
      if (typeof m !== 'string' || !(RULE_MEASURES as readonly string[]).includes(m)) {
        invalidOption(['options', 'measures', i], 'not a rule measure', RULE_MEASURES.join(', '), m);
      }
    });
    measures = opts.measures as (keyof RuleMeasures)[];
  }
  if (!Array.isArray(rules)) invalidInput(['rules'], 'rules must be an array', 'an array of rules', rules);
  const n = rules.length;
  if (n === 0) return '';
  const checked = rules.map((r, i) => checkRule(r, ['rules', i]));
  const columns = measures.map((name) =>
    checked.map((r, i) => {
      const v = r[name];
      if (typeof v !== 'number') invalidInput(['rules', i, name], `rule has no numeric ${name}`, 'a number', v);
      return v;
    }),
  );
  const formatted = columns.map((col, k) => formatColumn(col, digits, measures[k] === 'count' && col.every((v) => Number.isInteger(v))));
  const lhs = checked.map((r) => setLabel(r.antecedent, sep));
  const rhs = checked.map((r) => setLabel(r.consequent, sep));
  const linebreak =
    opts.linebreak === undefined ? lhs.some((l, i) => nchar(l) + nchar(rhs[i] as string) + nchar(sep.ruleSep) > (width * 2) / 3) : readBoolean(opts.linebreak, ['options', 'linebreak']);
  const rowNames = checked.map((_, i) => `[${i + 1}]`);
  if (!linebreak) {
    // print(data.frame(lhs, "" = ruleSep, rhs, quality), right = FALSE): every column and its
    // header left-justified to a common width, one space apart; row names left-justified
    const table: string[][] = [
      ['', ...rowNames],
      ['lhs', ...lhs],
      ['', ...checked.map(() => sep.ruleSep)],
      ['rhs', ...rhs],
      ...measures.map((name, k) => [name, ...(formatted[k] as string[])]),
    ];
    const widths = table.map((col) => Math.max(...col.map(nchar)));
    // R's printMatrix wraps columns into blocks that fit the console width (each block repeats
    // the row names): a block takes columns while rowNames + Σ(1 + width) stays below `width`
    const lines: string[] = [];
    const rlabw = widths[0]!;
    let jmin = 1;
    while (jmin < table.length) {
      let used = rlabw;
      let jmax = jmin;
      do {
        used += (widths[jmax]!) + 1;
        jmax++;
      } while (jmax < table.length && used + (widths[jmax]!) + 1 < width);
      for (let row = 0; row <= n; row++) {
        let line = padRight((table[0] as string[])[row] as string, rlabw);
        for (let c = jmin; c < jmax; c++) line += ` ${padRight((table[c] as string[])[row] as string, widths[c]!)}`;
        lines.push(line);
      }
      jmin = jmax;
    }
    return lines.join('\n');
  }
  // arules' linebreak layout: the antecedent's items one per line, the last one sharing its line
  // with "=>" and the consequent's first item; measures on the rule's last line, right-justified
  const rows: string[][] = [['', 'lhs', '', 'rhs', ...measures]];
  checked.forEach((r, i) => {
    const a = r.antecedent.length === 0 ? [''] : r.antecedent;
    const c = r.consequent.length === 0 ? [''] : r.consequent;
    const total = a.length + c.length - 1;
    for (let k = 0; k < total; k++) {
      const inA = k < a.length;
      const inC = k >= a.length - 1;
      const ci = k - (a.length - 1);
      const lhsCell = inA ? `${k === 0 ? sep.setStart : ' '}${a[k] as string}${k === a.length - 1 ? sep.setEnd : sep.itemSep}` : ' ';
      const rhsCell = inC ? `${ci === 0 ? sep.setStart : ' '}${c[ci] as string}${ci === c.length - 1 ? sep.setEnd : sep.itemSep}` : ' ';
      const last = k === total - 1;
      rows.push([k === 0 ? (rowNames[i] as string) : '', lhsCell, k === a.length - 1 ? sep.ruleSep : '', rhsCell, ...measures.map((_, m) => (last ? ((formatted[m] as string[])[i] as string) : ''))]);
    }
  });
  const ncol = rows[0]!.length;
  const widths = Array.from({ length: ncol }, (_, col) => Math.max(...rows.map((row) => nchar(row[col] as string))));
  return rows.map((row) => row.map((cell, col) => (col < 4 ? padRight(cell, widths[col]!) : padLeft(cell, widths[col]!))).join(' ')).join('\n');
}
