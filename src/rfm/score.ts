/**
 * `score`: R, F and M scores (1 = worst … k = best) from per-customer summaries, under the two
 * conventions analysts meet in practice, reproduced exactly, or with user breaks.
 *
 * - `'pandas'` — the common tutorial block (e.g. Miuul/Kaggle RFM notebooks):
 *   `R = qcut(recency, k, labels=k..1)`, `F = qcut(frequency.rank(method='first'), k, labels=1..k)`,
 *   `M = qcut(monetary, k, labels=1..k)`. Edges are pandas 1.x linear quantiles, bins right-closed
 *   with the minimum in the first bin; frequency ties are split by `customerId` order.
 * - `'rfm-package'` — R `rfm` 0.3.0 (rsquaredacademy, `R/utils.R` `bins()` and
 *   `rfm_prep_bins()`): breaks = type-7 quantiles at i/k (i = 1..k−1) **plus 1**, bands
 *   `[lower, upper)` from `min(x)` to `max(x) + 1`; ties are never split, so a score can be empty.
 */
import { CrmError, checkEnvelope, invalidInput, invalidOption, readInteger, readOneOf, readOptions, type CrmErrorPath, type ModelEnvelope } from '../core/index.js';
import { compareIds } from './options.js';
import { invalidModel } from '../core/errors.js';
import { pandasQuantile, probabilities, rType7Quantile, sortedCopy } from './quantile.js';

/** The three RFM dimensions. */
export type RfmDimension = 'recency' | 'frequency' | 'monetary';
const DIMENSIONS: readonly RfmDimension[] = ['recency', 'frequency', 'monetary'];

/** User breaks per dimension: k − 1 strictly increasing inner cut points give k scores. */
export interface CustomBreaks {
  breaks: { recency: readonly number[]; frequency: readonly number[]; monetary: readonly number[] };
  /**
   * Which side a value equal to a break goes to: `'left'` (default, R `rfm`: `[b_{i−1}, b_i)`,
   * the value moves up) or `'right'` (pandas `cut`: `(b_{i−1}, b_i]`, the value stays down).
   */
  closed?: 'left' | 'right';
}

/** Options of {@link score}. */
export interface ScoreOptions {
  /** Number of scores per dimension, 2..10 (default 5). Ignored with custom breaks. */
  bins?: number;
  /** `'pandas'` (default), `'rfm-package'`, or custom breaks. */
  convention?: 'pandas' | 'rfm-package' | CustomBreaks;
  /**
   * pandas only: what to do when two quantile edges coincide. `'raise'` (default, like `qcut`)
   * throws `CrmError` NUMERIC_DOMAIN; `'drop'` (like `qcut(duplicates='drop')`) merges them, so that
   * dimension gets fewer scores (1..k′).
   */
  duplicates?: 'raise' | 'drop';
}

/** The minimal summary `score` reads (an {@link RfmSummary} fits). */
export interface ScoreInput {
  customerId: string;
  recency: number;
  frequency: number;
  monetary: number;
}

/** One customer's scores; `rfm` is `"${r}${f}${m}"` (with `-` between when a score can exceed 9). */
export interface RfmScore {
  customerId: string;
  r: number;
  f: number;
  m: number;
  rfm: string;
}

/** How one dimension was cut, in the form of R `rfm`'s `threshold` table. */
export interface DimensionThresholds {
  /**
   * Band edges in increasing order: band j is between `edges[j]` and `edges[j+1]`. For pandas'
   * frequency these are edges of `rank(method='first')`, as pandas cuts the ranks.
   */
  edges: number[];
  /**
   * The inner cut points in the dimension's own units, which {@link applyScoreThresholds} uses to
   * score new customers: band = number of cuts below the value (`closed: 'right'`: cuts < value;
   * `'left'`: cuts ≤ value). Equal to the inner `edges` except for pandas' frequency, where each
   * rank edge becomes the frequency of the customer at that rank (ties then go to the lower band).
   */
  cuts: number[];
  /** `'left'`: bands are `[lo, hi)`; `'right'`: `(lo, hi]` with the first band also holding `lo`. */
  closed: 'left' | 'right';
  /** Score given to each band (band order); recency runs k..1. */
  bandScores: number[];
  /** Number of customers per score 1..k (index 0 = score 1); empty scores show as 0. */
  counts: number[];
}

/** The saved-model kind of {@link RfmThresholds}. */
export const RFM_THRESHOLDS_KIND = 'rfm-score-thresholds';
/** The envelope version this release writes and reads (older ones too). */
export const RFM_THRESHOLDS_VERSION = 1;

/**
 * Thresholds of all three dimensions, as a saved model (docs/glossary.md "saved model"): plain
 * JSON with `kind`, `version` and `fittedOn`; {@link loadScoreThresholds} checks it and
 * {@link applyScoreThresholds} scores new customers with it.
 */
export interface RfmThresholds extends ModelEnvelope<typeof RFM_THRESHOLDS_KIND> {
  readonly kind: typeof RFM_THRESHOLDS_KIND;
  readonly version: number;
  /** The scoring convention the cuts came from. */
  convention: 'pandas' | 'rfm-package' | 'breaks';
  /** The customers the thresholds were computed on. */
  fittedOn: { n: number };
  recency: DimensionThresholds;
  frequency: DimensionThresholds;
  monetary: DimensionThresholds;
}

interface ParsedScoreOptions {
  bins: number;
  kind: 'pandas' | 'rfm-package' | 'breaks';
  breaks?: CustomBreaks['breaks'];
  closed: 'left' | 'right';
  duplicates: 'raise' | 'drop';
}

const CONVENTIONS = ['pandas', 'rfm-package'] as const;

function parseScoreOptions(options: unknown): ParsedScoreOptions {
  const o = readOptions(options, ['bins', 'convention', 'duplicates'] as const);
  const bins = readInteger(o.bins, ['options', 'bins'], { min: 2, max: 10, default: 5 });
  const duplicates = readOneOf(o.duplicates, ['options', 'duplicates'], ['raise', 'drop'] as const, 'raise');
  const conv = o.convention ?? 'pandas';
  if (typeof conv === 'string' || typeof conv !== 'object' || conv === null) {
    const kind = readOneOf(conv, ['options', 'convention'], CONVENTIONS);
    return { bins, kind, closed: kind === 'pandas' ? 'right' : 'left', duplicates };
  }
  const c = readOptions(conv, ['breaks', 'closed'] as const, ['options', 'convention']);
  const closed = readOneOf(c.closed, ['options', 'convention', 'closed'], ['left', 'right'] as const, 'left');
  const b = c.breaks;
  if (typeof b !== 'object' || b === null) invalidOption(['options', 'convention', 'breaks'], 'breaks are required', 'an object with recency, frequency and monetary arrays', b);
  const br = readOptions(b, DIMENSIONS, ['options', 'convention', 'breaks']);
  for (const dim of DIMENSIONS) {
    const arr = br[dim];
    const path = ['options', 'convention', 'breaks', dim];
    if (!Array.isArray(arr) || arr.length < 1 || arr.length > 9) {
      invalidOption(path, 'breaks must be an array of 1 to 9 numbers (2 to 10 scores)', 'an array of 1..9 increasing finite numbers', arr);
    }
    for (let j = 0; j < arr.length; j++) {
      const v: unknown = arr[j];
      if (typeof v !== 'number' || !Number.isFinite(v)) invalidOption([...path, j], 'a break must be a finite number', 'a finite number', v);
      if (j > 0 && !(v > (arr[j - 1]!))) invalidOption([...path, j], 'breaks must be strictly increasing', `a number greater than ${String(arr[j - 1])}`, v);
    }
  }
  return { bins, kind: 'breaks', breaks: br as unknown as CustomBreaks['breaks'], closed, duplicates };
}

function readColumns(summaries: readonly ScoreInput[]): { ids: string[]; cols: Record<RfmDimension, Float64Array> } {
  if (!Array.isArray(summaries)) invalidInput([], 'summaries must be an array', 'an array of { customerId, recency, frequency, monetary }', summaries);
  const n = summaries.length;
  const ids: string[] = new Array(n);
  const cols = { recency: new Float64Array(n), frequency: new Float64Array(n), monetary: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const s = summaries[i] as unknown as Record<string, unknown> | null;
    if (typeof s !== 'object' || s === null) invalidInput([i], 'a summary must be an object', 'an object', s);
    const id = s.customerId;
    if (typeof id !== 'string' || id.length === 0) invalidInput([i, 'customerId'], 'customerId must be a non-empty string', 'a non-empty string', id);
    ids[i] = id;
    const r = s.recency;
    const f = s.frequency;
    const m = s.monetary;
    if (typeof r !== 'number' || !Number.isFinite(r)) invalidInput([i, 'recency'], 'recency must be a finite number', 'a finite number', r);
    if (typeof f !== 'number' || !Number.isFinite(f)) invalidInput([i, 'frequency'], 'frequency must be a finite number', 'a finite number', f);
    if (typeof m !== 'number' || !Number.isFinite(m)) invalidInput([i, 'monetary'], 'monetary must be a finite number', 'a finite number', m);
    cols.recency[i] = r;
    cols.frequency[i] = f;
    cols.monetary[i] = m;
  }
  return { ids, cols };
}

/** Ranks 1..n, ties broken by customerId order then input order (pandas `rank(method='first')` on a frame sorted by id). */
function rankFirst(values: Float64Array, ids: readonly string[]): Float64Array {
  const n = values.length;
  // Positions in customerId order (input from summarize is already sorted: skip the string sort).
  let idSorted = true;
  for (let i = 1; i < n && idSorted; i++) if (compareIds(ids[i - 1] as string, ids[i] as string) > 0) idSorted = false;
  let byId: Int32Array | number[];
  if (idSorted) {
    byId = new Int32Array(n);
    for (let i = 0; i < n; i++) byId[i] = i;
  } else {
    byId = Array.from({ length: n }, (_, i) => i).sort((a, b) => compareIds(ids[a] as string, ids[b] as string) || a - b);
  }
  const rank = new Float64Array(n);
  // Fast path: non-negative integer values (counts) below 2^31 and n below 2^21 pack exactly into
  // one double key `value·2^21 + idPosition`, sorted natively.
  let packable = n < 2 ** 21;
  for (let i = 0; i < n && packable; i++) {
    const v = values[i]!;
    if (!(Number.isInteger(v) && v >= 0 && v < 2 ** 31)) packable = false;
  }
  if (packable) {
    const keys = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const i = byId[k]!;
      keys[k] = (values[i]!) * 2 ** 21 + k;
    }
    keys.sort();
    for (let k = 0; k < n; k++) rank[byId[(keys[k]!) % 2 ** 21] as number] = k + 1;
    return rank;
  }
  // A stable sort by value of the id-ordered positions = pandas rank(method='first').
  const order = Array.from(byId).sort((a, b) => (values[a]!) - (values[b]!));
  for (let k = 0; k < n; k++) rank[order[k]!] = k + 1;
  return rank;
}

/** Count of `edges[j] < x` (closed right) or `edges[j] <= x` (closed left) over a sorted array, by binary search. */
function countBelow(edges: readonly number[], x: number, strict: boolean): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const e = edges[mid]!;
    if (strict ? e < x : e <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface DimensionResult {
  scores: Int32Array;
  thresholds: DimensionThresholds;
}

function scoreDimension(dim: RfmDimension, values: Float64Array, ids: readonly string[], o: ParsedScoreOptions): DimensionResult {
  const n = values.length;
  const reverse = dim === 'recency';
  const asc = new Int32Array(n);
  let k: number;
  let edges: number[];
  let cuts: number[];
  let closed: 'left' | 'right';
  if (o.kind === 'pandas') {
    const ranked = dim === 'frequency';
    const x = ranked ? rankFirst(values, ids) : values;
    const sorted = sortedCopy(x);
    edges = probabilities(o.bins).map((p) => pandasQuantile(sorted, p));
    let unique = edges.filter((e, j) => j === 0 || e !== edges[j - 1]);
    if (unique.length < edges.length) {
      if (o.duplicates === 'raise') {
        throw new CrmError('NUMERIC_DOMAIN', `${dim} quantile edges are not unique (pandas qcut would raise "Bin edges must be unique")`, {
          path: ['summaries', dim],
          expected: "distinct edges; use duplicates: 'drop' or convention: 'rfm-package'",
          received: edges.join(', '),
          data: { edges },
        });
      }
      if (unique.length === 1) unique = [unique[0]!, unique[0]!]; // all equal: one bin holding everyone
      edges = unique;
    }
    k = edges.length - 1;
    closed = 'right';
    const inner = edges.slice(1, k);
    if (ranked) {
      // rank r holds the r-th smallest value: a rank edge e becomes the value at rank ⌊e⌋.
      const sortedValues = sortedCopy(values);
      cuts = inner.map((e) => sortedValues[Math.max(0, Math.floor(e) - 1)]!);
    } else cuts = inner;
    // pandas _bins_to_cuts: searchsorted(side='left') = #edges < x; include_lowest puts x == edges[0] in bin 1.
    for (let i = 0; i < n; i++) {
      const c = countBelow(edges, x[i]!, true);
      asc[i] = c < 1 ? 1 : c > k ? k : c;
    }
  } else {
    let breaks: number[];
    if (o.kind === 'rfm-package') {
      const sorted = sortedCopy(values);
      // R rfm bins(): quantile(x, seq(0, 1, length.out = k + 1))[-c(1, k + 1)] + 1
      breaks = probabilities(o.bins)
        .slice(1, o.bins)
        .map((p) => rType7Quantile(sorted, p) + 1);
      closed = 'left';
    } else {
      breaks = [...(o.breaks as CustomBreaks['breaks'])[dim]];
      closed = o.closed;
    }
    k = breaks.length + 1;
    cuts = breaks;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    // R rfm: lower = c(min(x), breaks), upper = c(breaks, max(x) + 1); band i = [lower_i, upper_i).
    edges = [min, ...breaks, max + 1];
    const strict = closed === 'right';
    for (let i = 0; i < n; i++) asc[i] = 1 + countBelow(breaks, values[i]!, strict);
  }
  const scores = new Int32Array(n);
  const counts = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) {
    const s = reverse ? k + 1 - (asc[i]!) : (asc[i]!);
    scores[i] = s;
    counts[s - 1]! += 1;
  }
  const bandScores = Array.from({ length: k }, (_, j) => (reverse ? k - j : j + 1));
  return { scores, thresholds: { edges, cuts, closed, bandScores, counts } };
}

function scoreAll(summaries: readonly ScoreInput[], options: ScoreOptions | undefined): { ids: string[]; kind: ParsedScoreOptions['kind']; dims: Record<RfmDimension, DimensionResult> } {
  const o = parseScoreOptions(options);
  const { ids, cols } = readColumns(summaries);
  if (ids.length === 0) {
    const empty = (): DimensionResult => ({ scores: new Int32Array(0), thresholds: { edges: [], cuts: [], closed: o.closed, bandScores: [], counts: [] } });
    return { ids, kind: o.kind, dims: { recency: empty(), frequency: empty(), monetary: empty() } };
  }
  return {
    ids,
    kind: o.kind,
    dims: {
      recency: scoreDimension('recency', cols.recency, ids, o),
      frequency: scoreDimension('frequency', cols.frequency, ids, o),
      monetary: scoreDimension('monetary', cols.monetary, ids, o),
    },
  };
}

/**
 * Score each customer's recency, frequency and monetary value from 1 (worst) to k (best), in the
 * input order. Conventions: `'pandas'` (default; pandas `qcut` tutorial block, ties in frequency
 * split by `customerId` order), `'rfm-package'` (R `rfm` 0.3, ties never split, scores can be
 * empty), or `{ breaks }` per dimension. See docs/rfm.md for the exact rules.
 *
 * @example
 * ```ts
 * import { score } from 'crm-analytics/rfm';
 * const summaries = [1, 2, 3, 4, 5].map((i) => ({ customerId: `c${i}`, recency: 10 * i, frequency: i, monetary: 100 * i }));
 * score(summaries, { bins: 5, convention: 'pandas' })[0]; // { customerId: 'c1', r: 5, f: 1, m: 1, rfm: '511' }
 * score(summaries, { bins: 3, convention: 'rfm-package' })[4]; // { customerId: 'c5', r: 1, f: 3, m: 3, rfm: '133' }
 * ```
 */
export function score(summaries: readonly ScoreInput[], options?: ScoreOptions): RfmScore[] {
  const { ids, dims } = scoreAll(summaries, options);
  const wide = dims.recency.thresholds.bandScores.length > 9 || dims.frequency.thresholds.bandScores.length > 9 || dims.monetary.thresholds.bandScores.length > 9;
  const out: RfmScore[] = new Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const r = dims.recency.scores[i]!;
    const f = dims.frequency.scores[i]!;
    const m = dims.monetary.scores[i]!;
    out[i] = { customerId: ids[i] as string, r, f, m, rfm: wide ? `${r}-${f}-${m}` : `${r}${f}${m}` };
  }
  return out;
}

/**
 * The band edges, band scores and per-score counts `score` would use (R `rfm`'s `threshold`
 * table; pandas' `qcut(..., retbins=True)` edges), so empty or lopsided scores are visible.
 *
 * @example
 * ```ts
 * import { scoreThresholds } from 'crm-analytics/rfm';
 * const summaries = [1, 1, 1, 1, 2, 5].map((f, i) => ({ customerId: `c${i}`, recency: i, frequency: f, monetary: f * 10 }));
 * const t = scoreThresholds(summaries, { convention: 'rfm-package' });
 * t.frequency.edges; // [1, 2, 2, 2, 3, 6]: ties never split
 * t.frequency.counts; // [4, 0, 0, 1, 1] customers per score 1..5 (scores 2 and 3 empty)
 * ```
 */
export function scoreThresholds(summaries: readonly ScoreInput[], options?: ScoreOptions): RfmThresholds {
  const { ids, kind, dims } = scoreAll(summaries, options);
  return {
    kind: RFM_THRESHOLDS_KIND,
    version: RFM_THRESHOLDS_VERSION,
    convention: kind,
    fittedOn: { n: ids.length },
    recency: dims.recency.thresholds,
    frequency: dims.frequency.thresholds,
    monetary: dims.monetary.thresholds,
  };
}

function readDimension(value: unknown, path: CrmErrorPath): DimensionThresholds {
  if (typeof value !== 'object' || value === null) invalidModel(path, 'missing dimension thresholds', '{ edges, cuts, closed, bandScores, counts }', value);
  const d = value as Record<string, unknown>;
  const numbers = (key: string, integer: boolean): number[] => {
    const arr = d[key];
    if (!Array.isArray(arr) || arr.length > 11 || !arr.every((x) => typeof x === 'number' && Number.isFinite(x) && (!integer || Number.isInteger(x)))) {
      invalidModel([...path, key], `${key} must be an array of at most 11 finite ${integer ? 'integers' : 'numbers'}`, 'an array of numbers', arr);
    }
    return [...(arr as number[])];
  };
  const closed = d.closed;
  if (closed !== 'left' && closed !== 'right') invalidModel([...path, 'closed'], "closed must be 'left' or 'right'", "'left' | 'right'", closed);
  const cuts = numbers('cuts', false);
  for (let j = 1; j < cuts.length; j++) if (!((cuts[j]!) >= (cuts[j - 1]!))) invalidModel([...path, 'cuts', j], 'cuts must not decrease', `a number >= ${cuts[j - 1]}`, cuts[j]);
  const bandScores = numbers('bandScores', true);
  const k = bandScores.length;
  if (k !== cuts.length + 1 && !(k === 0 && cuts.length === 0)) invalidModel([...path, 'bandScores'], 'there must be one band score per band (cuts + 1)', `${cuts.length + 1} scores`, bandScores);
  const sorted = [...bandScores].sort((a, b) => a - b);
  if (!sorted.every((v, j) => v === j + 1)) invalidModel([...path, 'bandScores'], 'band scores must be 1..k, each once', `a permutation of 1..${k}`, bandScores);
  const counts = numbers('counts', true);
  if (counts.length !== k || counts.some((c) => c < 0)) invalidModel([...path, 'counts'], 'counts must be k non-negative integers', `${k} counts`, counts);
  const edges = numbers('edges', false);
  return { edges, cuts, closed, bandScores, counts };
}

/**
 * Check a saved {@link RfmThresholds} (e.g. `JSON.parse` of a stored `scoreThresholds` result):
 * `kind` and `version` first (`INVALID_MODEL` for another model or a newer release), then every
 * dimension's cuts, band scores and counts. Returns a fresh, typed copy.
 *
 * @example
 * ```ts
 * import { loadScoreThresholds, scoreThresholds } from 'crm-analytics/rfm';
 * const saved = JSON.stringify(scoreThresholds([1, 2, 3, 4, 5].map((i) => ({ customerId: `c${i}`, recency: i, frequency: i, monetary: i }))));
 * loadScoreThresholds(JSON.parse(saved)).fittedOn.n; // 5
 * loadScoreThresholds({ kind: 'kmeans', version: 1 }); // throws INVALID_MODEL: this is a 'kmeans' model
 * ```
 */
export function loadScoreThresholds(saved: unknown): RfmThresholds {
  checkEnvelope(saved, RFM_THRESHOLDS_KIND, RFM_THRESHOLDS_VERSION, ['thresholds']);
  const t = saved as Record<string, unknown>;
  const convention = t.convention;
  if (convention !== 'pandas' && convention !== 'rfm-package' && convention !== 'breaks') invalidModel(['thresholds', 'convention'], 'unknown convention', "'pandas' | 'rfm-package' | 'breaks'", convention);
  const fitted = t.fittedOn as { n?: unknown } | undefined;
  const n = fitted?.n;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) invalidModel(['thresholds', 'fittedOn', 'n'], 'fittedOn.n must be the number of customers', 'an integer >= 0', n);
  return {
    kind: RFM_THRESHOLDS_KIND,
    version: t.version as number,
    convention,
    fittedOn: { n },
    recency: readDimension(t.recency, ['thresholds', 'recency']),
    frequency: readDimension(t.frequency, ['thresholds', 'frequency']),
    monetary: readDimension(t.monetary, ['thresholds', 'monetary']),
  };
}

/**
 * Score customers with saved thresholds (from {@link scoreThresholds}, possibly stored and
 * reloaded): each value's band is the number of `cuts` below it (`closed` says which side a value
 * equal to a cut goes), so new customers are scored on the scale of the customers the thresholds
 * were computed on. Values beyond the fitted range fall in the first or last band. On the fitted
 * customers it equals {@link score}, except pandas' frequency ties that `score` splits by
 * customerId across a band edge (here a tie stays in the lower band). The thresholds are checked
 * like {@link loadScoreThresholds}.
 *
 * @example
 * ```ts
 * import { applyScoreThresholds, scoreThresholds } from 'crm-analytics/rfm';
 * const past = [1, 2, 3, 4, 5].map((i) => ({ customerId: `c${i}`, recency: 10 * i, frequency: i, monetary: 100 * i }));
 * const t = scoreThresholds(past, { convention: 'rfm-package' });
 * applyScoreThresholds([{ customerId: 'new', recency: 5, frequency: 9, monetary: 1000 }], t)[0].rfm; // '555'
 * ```
 */
export function applyScoreThresholds(summaries: readonly ScoreInput[], thresholds: RfmThresholds): RfmScore[] {
  const t = loadScoreThresholds(thresholds);
  const { ids, cols } = readColumns(summaries);
  if (ids.length > 0 && t.recency.bandScores.length === 0) invalidModel(['thresholds'], 'these thresholds were computed on no customers and cannot score any', 'thresholds from a non-empty scoreThresholds call', t.fittedOn);
  const wide = t.recency.bandScores.length > 9 || t.frequency.bandScores.length > 9 || t.monetary.bandScores.length > 9;
  const band = (d: DimensionThresholds, v: number): number => d.bandScores[Math.min(d.bandScores.length - 1, countBelow(d.cuts, v, d.closed === 'right'))]!;
  return ids.map((id, i) => {
    const r = band(t.recency, cols.recency[i]!);
    const f = band(t.frequency, cols.frequency[i]!);
    const m = band(t.monetary, cols.monetary[i]!);
    return { customerId: id, r, f, m, rfm: wide ? `${r}-${f}-${m}` : `${r}${f}${m}` };
  });
}
