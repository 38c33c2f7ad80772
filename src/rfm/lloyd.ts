/**
 * Lloyd's k-means iterations (Lloyd 1982, "Least squares quantization in PCM", IEEE Trans. Inf.
 * Theory 28(2)), written to be bit-identical to ml-kmeans 7.0.1's `kmeans(data, k,
 * { initialization: centers, maxIterations })` (squared Euclidean distance, tolerance 1e-6), which
 * rfm used before: ml-kmeans pulled in ml-matrix and ml-spectra-processing (7 MB installed, ~0.4 s
 * to import; issue 23 item 1, issue 16 item 6). test/rfm/lloyd.test.ts checks equality against
 * ml-kmeans (kept as a devDependency for that) on random inputs and on the Online Retail features.
 *
 * One step, as ml-kmeans: assign each point to the nearest centre (first one on ties), recompute
 * each centre as the mean of its points (an empty cluster keeps its previous centre), and stop
 * when no centre moved by more than `tolerance` in squared distance, or after `maxIterations`.
 * The returned labels are those of the last assignment step and the centroids the means computed
 * from them.
 */

/** Result of {@link lloyd}. */
export interface LloydResult {
  /** Cluster index per point (from the last assignment step). */
  clusters: number[];
  /** The k centroids after the last update. */
  centroids: number[][];
  /** Whether the centres moved less than the tolerance in the last step. */
  converged: boolean;
  /** Number of steps run. */
  iterations: number;
}

function squaredEuclidean(p: readonly number[], q: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < p.length; i++) d += ((p[i]!) - (q[i]!)) * ((p[i]!) - (q[i]!));
  return d;
}

/**
 * Run Lloyd's algorithm from the given initial centres (internal).
 *
 * @example
 * ```ts
 * lloyd([[0], [1], [10], [11]], [[0], [10]]).centroids; // [[0.5], [10.5]]
 * ```
 */
export function lloyd(data: readonly (readonly number[])[], initial: readonly (readonly number[])[], maxIterations = 100, tolerance = 1e-6): LloydResult {
  const k = initial.length;
  const n = data.length;
  if (k <= 0 || k > n) throw new Error('K should be a positive integer smaller than the number of points');
  const dim = (data[0] as readonly number[]).length;
  let centers: readonly (readonly number[])[] = initial;
  const clusters: number[] = new Array<number>(n);
  let converged = false;
  let iterations = 0;
  let centroids: number[][] = [];
  const limit = maxIterations === 0 ? Number.MAX_VALUE : maxIterations;
  while (!converged && iterations < limit) {
    iterations++;
    for (let i = 0; i < n; i++) {
      const x = data[i] as readonly number[];
      let best = -1;
      let bestDist = Number.MAX_VALUE;
      for (let c = 0; c < k; c++) {
        const d = squaredEuclidean(x, centers[c] as readonly number[]);
        if (d < bestDist) {
          bestDist = d;
          best = c;
        }
      }
      clusters[i] = best;
    }
    const next: number[][] = new Array<number[]>(k);
    const sizes: number[] = new Array<number>(k).fill(0);
    for (let c = 0; c < k; c++) next[c] = new Array<number>(dim).fill(0);
    for (let i = 0; i < n; i++) {
      const c = clusters[i]!;
      sizes[c]! += 1;
      const x = data[i] as readonly number[];
      const row = next[c] as number[];
      for (let j = 0; j < dim; j++) row[j]! += x[j]!;
    }
    for (let c = 0; c < k; c++) {
      const row = next[c] as number[];
      const size = sizes[c]!;
      for (let j = 0; j < dim; j++) row[j] = size ? (row[j]!) / size : ((centers[c] as readonly number[])[j] as number);
    }
    converged = true;
    for (let c = 0; c < k; c++) {
      if (squaredEuclidean(next[c] as number[], centers[c] as readonly number[]) > tolerance) {
        converged = false;
        break;
      }
    }
    centroids = next;
    centers = next;
  }
  return { clusters, centroids, converged, iterations };
}
