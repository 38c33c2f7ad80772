/**
 * `kmeansSegments`: k-means on standardised log RFM features (the usual practice for skewed RFM
 * variables, e.g. Chen, Sain & Guo 2012 on this very Online Retail data), via Lloyd's algorithm
 * (./lloyd.ts: bit-identical to ml-kmeans 7.0.1, which it replaced) with seeded k-means++ starts (Arthur & Vassilvitskii 2007) drawn from core's PRNG,
 * best of `nInit` starts by inertia (as scikit-learn's `n_init`), and k chosen by the mean
 * silhouette (Rousseeuw 1987, J. Comput. Appl. Math. 20:53–65) when a range is given.
 */
import { lloyd } from './lloyd.js';
import { invalidModel } from '../core/errors.js';
import { CrmError, checkEnvelope, createRandom, invalidInput, invalidOption, readInteger, readNumber, readOptions, type CrmErrorPath, type ModelEnvelope, type Random } from '../core/index.js';

/** Options of {@link kmeansSegments}. Give `k` or `kRange` (default `kRange: [2, 8]`). */
export interface KmeansOptions {
  /** A fixed number of clusters (≥ 2). */
  k?: number;
  /** Inclusive range of k to try; the best mean silhouette wins (ties: the smaller k). */
  kRange?: readonly [number, number];
  /** PRNG seed (default 1): same seed, same result. */
  seed?: number;
  /** Starts per k, best inertia kept (default 3). */
  nInit?: number;
  /** Lloyd iterations per start (default 100). */
  maxIterations?: number;
  /** Customers sampled (seeded) for the silhouette, which costs O(sample²) (default 2000; all when fewer). */
  silhouetteSample?: number;
}

/** One cluster, in the original units. Clusters are numbered by mean monetary, highest first. */
export interface KmeansCluster {
  cluster: number;
  size: number;
  meanRecency: number;
  meanFrequency: number;
  meanMonetary: number;
  /** Centre in the standardised log feature space (recency, frequency, monetary). */
  center: [number, number, number];
}

/** A candidate k and its quality. */
export interface KmeansCandidate {
  k: number;
  silhouette: number;
  inertia: number;
}

/** The saved-model kind of {@link KmeansModel}. */
export const KMEANS_MODEL_KIND = 'rfm-kmeans';
/** The envelope version this release writes and reads. */
export const KMEANS_MODEL_VERSION = 1;

/**
 * A fitted RFM k-means model as plain JSON (docs/glossary.md "saved model"): the feature
 * standardisation and the cluster centres, enough for {@link assignKmeansSegments} to place new
 * customers. Load a stored one with {@link loadKmeansModel}.
 */
export interface KmeansModel extends ModelEnvelope<typeof KMEANS_MODEL_KIND> {
  readonly kind: typeof KMEANS_MODEL_KIND;
  readonly version: number;
  fittedOn: { n: number; k: number; seed: number };
  /** The features, in order (`log1p(recency)`, `log1p(frequency)`, `log1p(max(monetary, 0))`). */
  features: string[];
  /** Mean of each raw feature over the fitted customers. */
  mean: [number, number, number];
  /** Population SD of each raw feature (0 = constant: the standardised feature is 0). */
  sd: [number, number, number];
  /** Cluster centres in the standardised space, cluster 0 first (clusters numbered by mean monetary, highest first). */
  centers: Array<[number, number, number]>;
}

/** The chosen clustering. */
export interface KmeansResult {
  k: number;
  silhouette: number;
  candidates: KmeansCandidate[];
  /** How the features were built. */
  features: string[];
  clusters: KmeansCluster[];
  /** Each customer's cluster, in input order. */
  customers: { customerId: string; cluster: number; reasons: string[] }[];
  /** The fitted model to save and to place new customers with ({@link assignKmeansSegments}); `null` for no customers. */
  model: KmeansModel | null;
}

const FEATURES = ['log1p(recency)', 'log1p(frequency)', 'log1p(max(monetary, 0))'];

function sqDist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) {
    const d = (a[j]!) - (b[j]!);
    s += d * d;
  }
  return s;
}

/** Seeded k-means++ seeding (Arthur & Vassilvitskii 2007): next centre drawn ∝ D(x)². */
function kmeansPlusPlus(data: number[][], k: number, rng: Random): number[][] {
  const n = data.length;
  const centers: number[][] = [[...(data[rng.int(n)] as number[])]];
  const d2 = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  while (centers.length < k) {
    const last = centers[centers.length - 1] as number[];
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = sqDist(data[i] as number[], last);
      if (d < (d2[i]!)) d2[i] = d;
      total += d2[i]!;
    }
    let pick = 0;
    if (total > 0) {
      let u = rng.next() * total;
      for (pick = 0; pick < n - 1; pick++) {
        u -= d2[pick]!;
        if (u < 0) break;
      }
    } else pick = rng.int(n);
    centers.push([...(data[pick] as number[])]);
  }
  return centers;
}

/** Mean silhouette over `sample` (internal; exported for the reference test). */
export function silhouette(data: number[][], labels: readonly number[], k: number, sample: readonly number[]): number {
  // Rousseeuw (1987): s(i) = (b − a) / max(a, b); singletons score 0 (as scikit-learn).
  const sizes = new Int32Array(k);
  for (const l of labels) sizes[l]! += 1;
  let sum = 0;
  const sums = new Float64Array(k);
  const counts = new Int32Array(k);
  for (const i of sample) {
    sums.fill(0);
    counts.fill(0);
    const xi = data[i] as number[];
    for (const j of sample) {
      if (j === i) continue;
      const l = labels[j]!;
      sums[l]! += Math.sqrt(sqDist(xi, data[j] as number[]));
      counts[l]! += 1;
    }
    const own = labels[i]!;
    if ((counts[own]!) === 0) continue; // singleton (in the sample): s = 0
    const a = (sums[own]!) / (counts[own]!);
    let b = Number.POSITIVE_INFINITY;
    for (let l = 0; l < k; l++) if (l !== own && (counts[l]!) > 0) b = Math.min(b, (sums[l]!) / (counts[l]!));
    if (!Number.isFinite(b)) continue;
    const m = Math.max(a, b);
    sum += m > 0 ? (b - a) / m : 0;
  }
  return sample.length > 0 ? sum / sample.length : 0;
}

/**
 * The standardised log features k-means runs on (internal; exported for the reference test):
 * `log1p(recency)`, `log1p(frequency)`, `log1p(max(monetary, 0))`, each centred and divided by its
 * population SD (a constant feature becomes 0).
 */
export function kmeansFeatures(summaries: readonly { customerId: string; recency: number; frequency: number; monetary: number }[]): number[][] {
  return standardise(rawFeatures(summaries)).data;
}

/** `log1p` features of each summary (validated). */
function rawFeatures(summaries: readonly { customerId: string; recency: number; frequency: number; monetary: number }[]): number[][] {
  const n = summaries.length;
  const raw: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = summaries[i] as unknown as Record<string, unknown> | null;
    if (typeof s !== 'object' || s === null) invalidInput([i], 'a summary must be an object', 'an object', s);
    if (typeof s.customerId !== 'string' || s.customerId.length === 0) invalidInput([i, 'customerId'], 'customerId must be a non-empty string', 'a non-empty string', s.customerId);
    const row: number[] = [];
    for (const key of ['recency', 'frequency', 'monetary'] as const) {
      const v = s[key];
      if (typeof v !== 'number' || !Number.isFinite(v) || (key !== 'monetary' && v < 0)) invalidInput([i, key], `${key} must be a ${key === 'monetary' ? 'finite' : 'non-negative'} number`, 'a finite number', v);
      row.push(Math.log1p(Math.max(v, 0)));
    }
    raw[i] = row;
  }
  return raw;
}

/** Centre and scale each feature (population SD, as scikit-learn's StandardScaler). */
function standardise(raw: number[][]): { data: number[][]; mean: [number, number, number]; sd: [number, number, number] } {
  const n = raw.length;
  // standardise (population SD, as scikit-learn's StandardScaler)
  const mean = [0, 0, 0];
  const sd = [0, 0, 0];
  for (const r of raw) for (let j = 0; j < 3; j++) mean[j]! += (r[j]!) / n;
  for (const r of raw) for (let j = 0; j < 3; j++) sd[j]! += ((r[j]!) - (mean[j]!)) ** 2 / n;
  for (let j = 0; j < 3; j++) sd[j] = Math.sqrt(sd[j]!);
  const data = raw.map((r) => r.map((v, j) => ((sd[j]!) > 0 ? (v - (mean[j]!)) / (sd[j]!) : 0)));
  return { data, mean: mean as [number, number, number], sd: sd as [number, number, number] };
}

/**
 * Cluster customers with k-means on standardised `log1p` recency, frequency and monetary
 * (monetary clipped at 0 first; a constant feature is left at 0). With `kRange`, every k is fitted
 * and the one with the best mean silhouette is returned (all candidates are listed). Seeded:
 * same input and seed, same clusters. Clusters are renumbered by mean monetary, highest first.
 *
 * @example
 * ```ts
 * import { kmeansSegments } from 'crm-analytics/rfm';
 * const summaries = Array.from({ length: 30 }, (_, i) => ({
 *   customerId: `c${i}`, recency: i < 15 ? 5 + i : 300 + i, frequency: i < 15 ? 20 : 1, monetary: i < 15 ? 2000 : 30,
 * }));
 * const km = kmeansSegments(summaries, { kRange: [2, 4], seed: 42 });
 * km.k; // 2
 * km.clusters[0].meanMonetary; // 2000: cluster 0 is the highest-spending one
 * ```
 */
export function kmeansSegments(summaries: readonly { customerId: string; recency: number; frequency: number; monetary: number }[], options: KmeansOptions = {}): KmeansResult {
  const o = readOptions(options, ['k', 'kRange', 'seed', 'nInit', 'maxIterations', 'silhouetteSample'] as const);
  if (!Array.isArray(summaries)) invalidInput([], 'summaries must be an array', 'an array of summaries', summaries);
  const seed = readNumber(o.seed, ['options', 'seed'], { default: 1 });
  const nInit = readInteger(o.nInit, ['options', 'nInit'], { min: 1, default: 3 });
  const maxIterations = readInteger(o.maxIterations, ['options', 'maxIterations'], { min: 1, default: 100 });
  const sampleSize = readInteger(o.silhouetteSample, ['options', 'silhouetteSample'], { min: 2, default: 2000 });
  if (o.k !== undefined && o.kRange !== undefined) invalidOption(['options', 'kRange'], 'give k or kRange, not both', 'only one of k and kRange', o.kRange);
  const n = summaries.length;
  let kLo: number;
  let kHi: number;
  if (o.k !== undefined) {
    kLo = kHi = readInteger(o.k, ['options', 'k'], { min: 2 });
  } else {
    const kr = (o.kRange ?? [2, 8]) as number[];
    if (!Array.isArray(kr) || kr.length !== 2 || !Number.isInteger(kr[0]) || !Number.isInteger(kr[1]) || (kr[0]!) < 2 || (kr[1]!) < (kr[0]!)) {
      invalidOption(['options', 'kRange'], 'kRange must be [lo, hi] integers with 2 <= lo <= hi', '[lo, hi] with 2 <= lo <= hi', kr);
    }
    kLo = kr[0]!;
    kHi = o.kRange === undefined ? Math.min(kr[1]!, Math.max(2, n - 1)) : (kr[1]!);
  }
  if (n === 0) return { k: 0, silhouette: 0, candidates: [], features: FEATURES, clusters: [], customers: [], model: null };
  if (kHi > n - 1) invalidOption(['options', o.k !== undefined ? 'k' : 'kRange'], `k must be below the number of customers (${n})`, `k <= ${n - 1}`, kHi);

  const scaled = standardise(rawFeatures(summaries));
  const data = scaled.data;

  const rng = createRandom(seed);
  const sample = rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, Math.min(n, sampleSize));
  let best: { k: number; labels: number[]; sil: number } | undefined;
  const candidates: KmeansCandidate[] = [];
  for (let k = kLo; k <= kHi; k++) {
    let bestFit: { labels: number[]; inertia: number } | undefined;
    for (let s = 0; s < nInit; s++) {
      const init = kmeansPlusPlus(data, k, rng);
      let fit;
      try {
        fit = lloyd(data, init, maxIterations);
      } catch (e) {
        throw new CrmError('NUMERIC_DOMAIN', `k-means failed for k = ${k}`, { path: ['options', 'k'], cause: e });
      }
      let inertia = 0;
      for (let i = 0; i < n; i++) inertia += sqDist(data[i] as number[], fit.centroids[fit.clusters[i]!] as number[]);
      if (bestFit === undefined || inertia < bestFit.inertia) bestFit = { labels: [...fit.clusters], inertia };
    }
    const fit = bestFit as { labels: number[]; inertia: number };
    const sil = silhouette(data, fit.labels, k, sample);
    candidates.push({ k, silhouette: sil, inertia: fit.inertia });
    if (best === undefined || sil > best.sil) best = { k, labels: fit.labels, sil };
  }
  const chosen = best as { k: number; labels: number[]; sil: number };
  // Relabel: clusters by mean monetary (highest first), then by size; drop empty ones.
  const k = chosen.k;
  const agg = Array.from({ length: k }, () => ({ size: 0, r: 0, f: 0, m: 0, c: [0, 0, 0] }));
  for (let i = 0; i < n; i++) {
    const a = agg[chosen.labels[i]!]!;
    const s = summaries[i] as { recency: number; frequency: number; monetary: number };
    a.size += 1;
    a.r += s.recency;
    a.f += s.frequency;
    a.m += s.monetary;
    for (let j = 0; j < 3; j++) a.c[j]! += (data[i] as number[])[j] as number;
  }
  const order = agg
    .map((a, l) => ({ l, a }))
    .filter((x) => x.a.size > 0)
    .sort((x, y) => y.a.m / y.a.size - x.a.m / x.a.size || y.a.size - x.a.size || x.l - y.l);
  const relabel = new Map<number, number>(order.map((x, idx) => [x.l, idx]));
  const clusters: KmeansCluster[] = order.map((x, idx) => ({
    cluster: idx,
    size: x.a.size,
    meanRecency: x.a.r / x.a.size,
    meanFrequency: x.a.f / x.a.size,
    meanMonetary: x.a.m / x.a.size,
    center: x.a.c.map((v) => v / x.a.size) as [number, number, number],
  }));
  const customers = summaries.map((s, i) => {
    const c = relabel.get(chosen.labels[i]!) as number;
    const cl = clusters[c] as KmeansCluster;
    return {
      customerId: s.customerId,
      cluster: c,
      reasons: [
        `nearest centre of cluster ${c} of ${clusters.length} (k = ${k} by ${kLo === kHi ? 'request' : `best silhouette ${chosen.sil.toFixed(3)} over k = ${kLo}..${kHi}`}); cluster means: recency ${cl.meanRecency.toFixed(1)} d, frequency ${cl.meanFrequency.toFixed(2)}, monetary ${cl.meanMonetary.toFixed(2)}`,
      ],
    };
  });
  const model: KmeansModel = {
    kind: KMEANS_MODEL_KIND,
    version: KMEANS_MODEL_VERSION,
    fittedOn: { n, k: clusters.length, seed },
    features: [...FEATURES],
    mean: scaled.mean,
    sd: scaled.sd,
    centers: clusters.map((c) => [...c.center] as [number, number, number]),
  };
  return { k: clusters.length, silhouette: chosen.sil, candidates, features: FEATURES, clusters, customers, model };
}

function triple(value: unknown, path: CrmErrorPath, positive = false): [number, number, number] {
  if (!Array.isArray(value) || value.length !== 3 || !value.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v >= 0))) {
    invalidModel(path, `must be 3 finite${positive ? ' non-negative' : ''} numbers`, '[number, number, number]', value);
  }
  return [value[0], value[1], value[2]] as [number, number, number];
}

/**
 * Check a saved {@link KmeansModel} (e.g. `JSON.parse` of a stored `kmeansSegments(...).model`):
 * `kind` and `version` first (`INVALID_MODEL` for another model or a newer release), then the
 * features, standardisation and centres. Returns a fresh, typed copy.
 *
 * @example
 * ```ts
 * import { kmeansSegments, loadKmeansModel } from 'crm-analytics/rfm';
 * const summaries = Array.from({ length: 20 }, (_, i) => ({ customerId: `c${i}`, recency: i < 10 ? 5 : 300, frequency: i < 10 ? 9 : 1, monetary: i < 10 ? 900 : 20 }));
 * const saved = JSON.stringify(kmeansSegments(summaries, { k: 2 }).model);
 * loadKmeansModel(JSON.parse(saved)).centers.length; // 2
 * ```
 */
export function loadKmeansModel(saved: unknown): KmeansModel {
  checkEnvelope(saved, KMEANS_MODEL_KIND, KMEANS_MODEL_VERSION, ['model']);
  const m = saved as Record<string, unknown>;
  const features = m.features;
  if (!Array.isArray(features) || features.length !== 3 || !features.every((f, j) => f === FEATURES[j])) {
    invalidModel(['model', 'features'], 'unknown features', JSON.stringify(FEATURES), features);
  }
  const mean = triple(m.mean, ['model', 'mean']);
  const sd = triple(m.sd, ['model', 'sd'], true);
  const centers = m.centers;
  if (!Array.isArray(centers) || centers.length < 1 || centers.length > 1000) invalidModel(['model', 'centers'], 'centers must be 1 to 1000 points', 'an array of [number, number, number]', centers);
  const fitted = m.fittedOn as Record<string, unknown> | undefined;
  const int = (key: string, min: number): number => {
    const v = fitted?.[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) invalidModel(['model', 'fittedOn', key], `fittedOn.${key} must be an integer >= ${min}`, `an integer >= ${min}`, v);
    return v;
  };
  const seed = fitted?.seed;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) invalidModel(['model', 'fittedOn', 'seed'], 'fittedOn.seed must be a finite number', 'a number', seed);
  const k = int('k', 1);
  if (k !== centers.length) invalidModel(['model', 'fittedOn', 'k'], 'fittedOn.k must equal the number of centres', String(centers.length), k);
  return {
    kind: KMEANS_MODEL_KIND,
    version: m.version as number,
    fittedOn: { n: int('n', 1), k, seed },
    features: [...FEATURES],
    mean,
    sd,
    centers: centers.map((c: unknown, j: number) => triple(c, ['model', 'centers', j])),
  };
}

/**
 * Place customers in the clusters of a fitted (or saved and reloaded) k-means model: each gets
 * the nearest centre (Euclidean, ties to the lower cluster number) in the model's standardised
 * `log1p` feature space, with the fitted means and SDs — so new customers land where the fitted
 * ones would. On the fitted customers it gives the fitted clusters whenever Lloyd's algorithm
 * converged (then every point is nearest its own centre). The model is checked like
 * {@link loadKmeansModel}.
 *
 * @example
 * ```ts
 * import { assignKmeansSegments, kmeansSegments } from 'crm-analytics/rfm';
 * const summaries = Array.from({ length: 20 }, (_, i) => ({ customerId: `c${i}`, recency: i < 10 ? 5 : 300, frequency: i < 10 ? 9 : 1, monetary: i < 10 ? 900 : 20 }));
 * const { model } = kmeansSegments(summaries, { k: 2 });
 * assignKmeansSegments([{ customerId: 'new', recency: 3, frequency: 12, monetary: 1500 }], model!)[0].cluster; // 0 (the high spenders)
 * ```
 */
export function assignKmeansSegments(
  summaries: readonly { customerId: string; recency: number; frequency: number; monetary: number }[],
  model: KmeansModel,
): { customerId: string; cluster: number }[] {
  const m = loadKmeansModel(model);
  if (!Array.isArray(summaries)) invalidInput([], 'summaries must be an array', 'an array of summaries', summaries);
  const raw = rawFeatures(summaries);
  return raw.map((r, i) => {
    const x = r.map((v, j) => ((m.sd[j]!) > 0 ? (v - (m.mean[j]!)) / (m.sd[j]!) : 0));
    let best = 0;
    let bestD = Number.POSITIVE_INFINITY;
    m.centers.forEach((c, j) => {
      const d = sqDist(x, c);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    });
    return { customerId: (summaries[i] as { customerId: string }).customerId, cluster: best };
  });
}
