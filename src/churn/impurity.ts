/**
 * Node impurities on weighted class counts, computed with the same arithmetic as scikit-learn's
 * `_criterion.pyx` so that equal splits compare equal bit for bit.
 * Gini: 1 − Σ p_k² (Breiman et al., "Classification and Regression Trees", 1984, §4.3).
 * Entropy: −Σ p_k log₂ p_k (Quinlan, "Induction of decision trees", 1986); scikit-learn uses log base 2.
 */

const LN2 = Math.log(2);

/** Impurity of weighted class counts `w[offset..offset+k)` with total `total`. */
export function impurityOf(criterion: 'gini' | 'entropy', w: ArrayLike<number>, total: number, k: number, offset = 0): number {
  if (!(total > 0)) return 0;
  if (criterion === 'gini') {
    let sq = 0;
    for (let c = 0; c < k; c++) {
      const v = w[offset + c]!;
      sq += v * v;
    }
    return 1 - sq / (total * total);
  }
  let e = 0;
  for (let c = 0; c < k; c++) {
    const v = w[offset + c]!;
    if (v > 0) {
      const p = v / total;
      e -= p * (Math.log(p) / LN2);
    }
  }
  return e;
}

/**
 * scikit-learn's `proxy_impurity_improvement`: −w_R·I(right) − w_L·I(left). Maximising it maximises the impurity
 * decrease; the parent term is constant within a node.
 */
export function proxyImprovement(criterion: 'gini' | 'entropy', left: Float64Array, wLeft: number, total: Float64Array, wTotal: number, k: number): number {
  const wRight = wTotal - wLeft;
  if (criterion === 'gini') {
    let sqL = 0;
    let sqR = 0;
    for (let c = 0; c < k; c++) {
      const l = left[c]!;
      const r = (total[c]!) - l;
      sqL += l * l;
      sqR += r * r;
    }
    const giniL = 1 - sqL / (wLeft * wLeft);
    const giniR = 1 - sqR / (wRight * wRight);
    return -wRight * giniR - wLeft * giniL;
  }
  let eL = 0;
  let eR = 0;
  for (let c = 0; c < k; c++) {
    const l = left[c]!;
    const r = (total[c]!) - l;
    if (l > 0) {
      const p = l / wLeft;
      eL -= p * (Math.log(p) / LN2);
    }
    if (r > 0) {
      const p = r / wRight;
      eR -= p * (Math.log(p) / LN2);
    }
  }
  return -wRight * eR - wLeft * eL;
}
