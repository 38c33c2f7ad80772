/**
 * The segment tables users meet, as data: ordered first-match rules over inclusive score ranges.
 * A missing range means "any score".
 */

/** One segment rule: the customer matches when each given score lies in its inclusive range. */
export interface SegmentRule {
  /** Segment name. */
  name: string;
  /** Inclusive recency-score range `[lo, hi]`, or any when absent. */
  r?: readonly [number, number];
  /** Inclusive frequency-score range, or any when absent. */
  f?: readonly [number, number];
  /** Inclusive monetary-score range, or any when absent. */
  m?: readonly [number, number];
  /** What the segment means (for reports). */
  description?: string;
}

/** An ordered rule table: the first matching rule wins; no match gives `fallback`. */
export interface SegmentTable {
  /** Short id of the table. */
  id: string;
  /** Where it comes from. */
  source: string;
  /** Rules, in order (the order is part of the definition: ranges overlap on purpose). */
  rules: readonly SegmentRule[];
  /** Segment of a customer no rule matches. */
  fallback: string;
}

function freezeTable(t: SegmentTable): SegmentTable {
  for (const r of t.rules) {
    if (r.r) Object.freeze(r.r);
    if (r.f) Object.freeze(r.f);
    if (r.m) Object.freeze(r.m);
    Object.freeze(r);
  }
  Object.freeze(t.rules);
  return Object.freeze(t);
}

/**
 * R `rfm` 0.3.0 README / vignette / roxygen table (the one users see as "the default"), with the
 * vignette's descriptions. Source: rsquaredacademy/rfm README.Rmd at 297ed8b.
 *
 * @example
 * ```ts
 * import { RFM_PACKAGE_SEGMENTS } from 'crm-analytics/rfm';
 * RFM_PACKAGE_SEGMENTS.rules[0]; // { name: 'Champions', r: [5, 5], f: [5, 5], m: [5, 5], ... }
 * ```
 */
export const RFM_PACKAGE_SEGMENTS: SegmentTable = freezeTable({
  id: 'rfm-package',
  source: 'R rfm 0.3.0 README/vignette (rsquaredacademy/rfm@297ed8b)',
  fallback: 'Others',
  rules: [
    { name: 'Champions', r: [5, 5], f: [5, 5], m: [5, 5], description: 'Bought recently, buy often and spend the most' },
    { name: 'Potential Loyalist', r: [3, 5], f: [3, 5], m: [2, 5], description: 'Recent customers, spent good amount, bought more than once' },
    { name: 'Loyal Customers', r: [2, 4], f: [2, 4], m: [2, 4], description: 'Spend good money. Responsive to promotions' },
    { name: 'Promising', r: [3, 4], f: [1, 3], m: [3, 5], description: "Recent shoppers, but haven't spent much" },
    { name: 'New Customers', r: [4, 5], f: [1, 3], m: [1, 5], description: 'Bought more recently, but not often' },
    { name: "Can't Lose Them", r: [1, 2], f: [3, 4], m: [4, 5], description: 'Made big purchases and often, but long time ago' },
    { name: 'At Risk', r: [1, 2], f: [2, 5], m: [4, 5], description: 'Spent big money, purchased often but long time ago' },
    { name: 'Need Attention', r: [1, 3], f: [3, 5], m: [3, 5], description: 'Above average recency, frequency & monetary values' },
    { name: 'About To Sleep', r: [2, 3], f: [1, 3], m: [1, 4], description: 'Below average recency, frequency & monetary values' },
    { name: 'Lost', r: [1, 1], f: [1, 5], m: [1, 5], description: 'Bought a long time ago, average amount spent' },
  ],
});

/**
 * R `rfm` 0.3.0 tests/testthat/test-rfm-segment.R table (Putler-style). It leaves gaps
 * (unmatched customers become "Others") and New Customers/Promising are shadowed by earlier rules.
 *
 * @example
 * ```ts
 * import { RFM_PACKAGE_TEST_SEGMENTS } from 'crm-analytics/rfm';
 * RFM_PACKAGE_TEST_SEGMENTS.rules.length; // 10
 * ```
 */
export const RFM_PACKAGE_TEST_SEGMENTS: SegmentTable = freezeTable({
  id: 'rfm-package-tests',
  source: 'R rfm 0.3.0 tests/testthat/test-rfm-segment.R (rsquaredacademy/rfm@297ed8b)',
  fallback: 'Others',
  rules: [
    { name: 'Champions', r: [4, 5], f: [4, 5], m: [4, 5] },
    { name: 'Loyal Customers', r: [2, 5], f: [3, 5], m: [3, 5] },
    { name: 'Potential Loyalist', r: [3, 5], f: [1, 3], m: [1, 3] },
    { name: 'New Customers', r: [4, 5], f: [1, 1], m: [1, 1] },
    { name: 'Promising', r: [3, 4], f: [1, 1], m: [1, 1] },
    { name: 'Need Attention', r: [2, 3], f: [2, 3], m: [2, 3] },
    { name: 'About To Sleep', r: [2, 3], f: [1, 2], m: [1, 2] },
    { name: 'At Risk', r: [1, 2], f: [2, 5], m: [2, 5] },
    { name: "Can't Lose Them", r: [1, 1], f: [4, 5], m: [4, 5] },
    { name: 'Lost', r: [1, 2], f: [1, 2], m: [1, 2] },
  ],
});

/**
 * The pandas tutorial RF map (regex over the string "RF"; monetary is not used). The ten cells
 * partition the 5×5 R×F grid, so the order does not matter and nobody falls through.
 *
 * @example
 * ```ts
 * import { PANDAS_RF_SEGMENTS } from 'crm-analytics/rfm';
 * PANDAS_RF_SEGMENTS.rules.map((r) => r.name); // ['hibernating', 'at_risk', ...]
 * ```
 */
export const PANDAS_RF_SEGMENTS: SegmentTable = freezeTable({
  id: 'pandas-rf-map',
  source: "pandas tutorial seg_map over R+F: r'[1-2][1-2]' → hibernating, …, r'5[4-5]' → champions",
  fallback: 'others',
  rules: [
    { name: 'hibernating', r: [1, 2], f: [1, 2], description: "regex '[1-2][1-2]'" },
    { name: 'at_risk', r: [1, 2], f: [3, 4], description: "regex '[1-2][3-4]'" },
    { name: 'cant_loose', r: [1, 2], f: [5, 5], description: "regex '[1-2]5'" },
    { name: 'about_to_sleep', r: [3, 3], f: [1, 2], description: "regex '3[1-2]'" },
    { name: 'need_attention', r: [3, 3], f: [3, 3], description: "regex '33'" },
    { name: 'loyal_customers', r: [3, 4], f: [4, 5], description: "regex '[3-4][4-5]'" },
    { name: 'promising', r: [4, 4], f: [1, 1], description: "regex '41'" },
    { name: 'new_customers', r: [5, 5], f: [1, 1], description: "regex '51'" },
    { name: 'potential_loyalists', r: [4, 5], f: [2, 3], description: "regex '[4-5][2-3]'" },
    { name: 'champions', r: [5, 5], f: [4, 5], description: "regex '5[4-5]'" },
  ],
});

/** The built-in tables by id. */
export const SEGMENT_TABLES: ReadonlyMap<string, SegmentTable> = new Map([
  [RFM_PACKAGE_SEGMENTS.id, RFM_PACKAGE_SEGMENTS],
  [RFM_PACKAGE_TEST_SEGMENTS.id, RFM_PACKAGE_TEST_SEGMENTS],
  [PANDAS_RF_SEGMENTS.id, PANDAS_RF_SEGMENTS],
]);
