/**
 * Interest measures of a rule A ⇒ C from its 2×2 contingency table of counts
 * (n11 = |A∧C|, n1x = |A|, nx1 = |C|, n baskets), as in R arules' `interestMeasure()`
 * (Hahsler, "A probabilistic comparison of commonly used interest measures", 2015) and
 * mlxtend's `association_rules` (zhangsMetric). Sources per measure below and in docs/basket.md.
 */
import { CrmError, invalidInput } from '../core/index.js';

/** The measures attached to every rule. */
export interface RuleMeasures {
  /** supp(A ∪ C) = n11/n (Agrawal, Imieliński & Swami 1993). */
  support: number;
  /** conf = n11/n1x (Agrawal et al. 1993). */
  confidence: number;
  /** lift = conf / supp(C) = n·n11/(n1x·nx1) (Brin, Motwani, Ullman & Tsur 1997, "interest"). */
  lift: number;
  /** coverage = supp(A) = n1x/n (arules "coverage", mlxtend "antecedent support"). */
  coverage: number;
  /** supp(C) = nx1/n (arules "rhsSupport", mlxtend "consequent support"). */
  consequentSupport: number;
  /** n11, the number of baskets containing A ∪ C. */
  count: number;
  /** leverage = supp(A∪C) − supp(A)·supp(C) (Piatetsky-Shapiro 1991). */
  leverage: number;
  /** conviction = supp(A)·(1 − supp(C)) / (supp(A) − supp(A∪C)) (Brin et al. 1997); +Infinity when conf = 1 (mlxtend's convention). */
  conviction: number;
  /** Zhang's metric = leverage / max(supp(AC)(1 − supp(A)), supp(A)(supp(C) − supp(AC))) (Zhang 2000; mlxtend); 0 when the denominator is 0. */
  zhangsMetric: number;
  /** Jaccard = n11/(n1x + nx1 − n11) (Tan, Kumar & Srivastava 2004). */
  jaccard: number;
  /** Certainty factor = (conf − supp(C))/(1 − supp(C)) (Berzal et al. 2002; arules, mlxtend); 0 when supp(C) = 1. */
  certainty: number;
  /** Kulczynski = (n11/n1x + n11/nx1)/2 (Wu, Chen & Han 2010). */
  kulczynski: number;
  /** cosine = n11/√(n1x·nx1) (Tan et al. 2004). */
  cosine: number;
  /** added value = conf − supp(C) (Sahar & Mansour 1999; arules "addedValue"). */
  addedValue: number;
  /** imbalance ratio = |n1x − nx1|/(n1x + nx1 − n11) (Wu et al. 2010). */
  imbalance: number;
  /** odds ratio = n11·n00/(n10·n01) (Tan et al. 2004); +Infinity when n10·n01 = 0 < n11·n00, 1 when both vanish. */
  oddsRatio: number;
  /** φ = (n·n11 − n1x·nx1)/√(n1x·nx1·n0x·nx0) (Tan et al. 2004); 0 when a margin is 0. */
  phi: number;
  /** max(conf(A⇒C), conf(C⇒A)) (Tan et al. 2004; arules "maxconfidence"). */
  maxConfidence: number;
}

/**
 * Names of the numeric rule measures (for `topRules({ by })`, `recommend({ by })`).
 *
 * @example
 * ```ts
 * RULE_MEASURES.includes('lift'); // true
 * ```
 */
export const RULE_MEASURES: readonly (keyof RuleMeasures)[] = [
  'support',
  'confidence',
  'lift',
  'coverage',
  'consequentSupport',
  'count',
  'leverage',
  'conviction',
  'zhangsMetric',
  'jaccard',
  'certainty',
  'kulczynski',
  'cosine',
  'addedValue',
  'imbalance',
  'oddsRatio',
  'phi',
  'maxConfidence',
];

/**
 * All measures of a rule from its 2×2 table of counts: n11 = |A∧C|, n1x = |A|, nx1 = |C|, n
 * baskets. The table must be possible: whole numbers with 1 ≤ n1x, nx1 ≤ n,
 * 0 ≤ n11 ≤ min(n1x, nx1) and n1x + nx1 − n11 ≤ n (so n00 ≥ 0). Anything else — `(0, 0, 0, 0)`,
 * n11 > n1x (a confidence above 1), NaN — is a `CrmError`, never a NaN measure.
 *
 * @throws CrmError `INVALID_INPUT` naming the argument (`n11`, `n1x`, `nx1` or `n`).
 * @example
 * ```ts
 * import { ruleMeasures } from 'crm-analytics/basket';
 * // Groceries {citrus fruit, other vegetables} ⇒ {root vegetables}
 * ruleMeasures(102, 284, 1072, 9835).lift; // 3.2950454593231
 * ```
 */
export function ruleMeasures(n11: number, n1x: number, nx1: number, n: number): RuleMeasures {
  const whole = (value: unknown, name: string, min: number, max: number, why: string): void => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      invalidInput([name], `${name} must be a whole count ${why}`, `an integer in [${min}, ${max}]`, value);
    }
  };
  whole(n, 'n', 1, Number.MAX_SAFE_INTEGER, '(the number of baskets, at least 1)');
  whole(n1x, 'n1x', 1, n, 'of baskets holding the antecedent, between 1 and n (a rule needs an antecedent that occurs)');
  whole(nx1, 'nx1', 1, n, 'of baskets holding the consequent, between 1 and n');
  whole(n11, 'n11', 0, Math.min(n1x, nx1), 'of baskets holding both, at most n1x and nx1');
  if (n1x + nx1 - n11 > n) {
    invalidInput(['n11'], `impossible table: n1x + nx1 − n11 = ${n1x + nx1 - n11} baskets hold the antecedent or the consequent, more than n = ${n}`, `n11 >= n1x + nx1 - n = ${n1x + nx1 - n}`, n11);
  }
  return measuresOf(n11, n1x, nx1, n);
}

/** {@link ruleMeasures} without the checks, for tables the miners built (internal). */
export function measuresOf(n11: number, n1x: number, nx1: number, n: number): RuleMeasures {
  const n10 = n1x - n11;
  const n01 = nx1 - n11;
  const n0x = n - n1x;
  const nx0 = n - nx1;
  const n00 = n0x - n01;
  const sAC = n11 / n;
  const sA = n1x / n;
  const sC = nx1 / n;
  const confidence = n11 / n1x;
  const leverage = sAC - sA * sC;
  // conviction = n1x·nx0 / (n·n10) (arules); +Infinity whenever conf = 1 (mlxtend; arules gives NaN if C is in every basket)
  const conviction = n10 === 0 ? Number.POSITIVE_INFINITY : (n1x * nx0) / (n * n10);
  const zDen = Math.max(sAC * (1 - sA), sA * (sC - sAC));
  const orNum = n11 * n00;
  const orDen = n10 * n01;
  const phiDen = Math.sqrt(n1x * nx1 * n0x * nx0);
  return {
    support: sAC,
    confidence,
    lift: (n * n11) / (n1x * nx1),
    coverage: sA,
    consequentSupport: sC,
    count: n11,
    leverage,
    conviction,
    zhangsMetric: zDen === 0 ? 0 : leverage / zDen,
    jaccard: n11 / (n1x + nx1 - n11),
    certainty: nx0 === 0 ? 0 : (confidence - sC) / (1 - sC),
    kulczynski: (n11 / n1x + n11 / nx1) / 2,
    cosine: n11 / Math.sqrt(n1x * nx1),
    addedValue: confidence - sC,
    imbalance: Math.abs(n1x - nx1) / (n1x + nx1 - n11),
    oddsRatio: orDen === 0 ? (orNum === 0 ? 1 : Number.POSITIVE_INFINITY) : orNum / orDen,
    phi: phiDen === 0 ? 0 : (n * n11 - n1x * nx1) / phiDen,
    maxConfidence: Math.max(confidence, n11 / nx1),
  };
}
