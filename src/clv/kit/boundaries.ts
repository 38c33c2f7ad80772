/**
 * The boundaries of each BTYD model's parameter space and what the limit model means there
 * (issue 18 item 1). An estimate past {@link BOUNDARY_LARGE} or below {@link BOUNDARY_SMALL} has
 * run off: the likelihood keeps rising towards the limit, so the number itself is arbitrary (its
 * size depends only on when the optimiser stopped) and the fit reports a `boundary` diagnostic and
 * `converged: false` instead of a converged answer. The prediction functions evaluate the limit
 * model (docs/clv.md, "When a fit hits a boundary").
 *
 * The limits are the classical nestings: BG/NBD and MBG/NBD with a + b → ∞ have one dropout
 * probability p = a/(a+b) for everyone, and with p → 0 no dropout — the NBD (Fader, Hardie & Lee
 * 2005a §3; Batislam et al. 2007); Pareto/NBD with s → 0 or β → ∞ has no dropout — the NBD
 * (Schmittlein et al. 1987 §3); Gamma(r, α) purchase rates with r, α → ∞ and r/α fixed are one
 * Poisson rate for everyone; Gamma-Gamma with q, γ → ∞ and γ/q fixed has one spend level ν for
 * everyone (Fader, Hardie & Lee 2005b, Hardie note 025), with p → ∞ no spend variation within a
 * customer.
 */
import type { BoundaryRule } from '../fit.js';

/** A parameter counts as run off to ∞ above this (the optimiser works on log-parameters). */
export const BOUNDARY_LARGE = 1e6;
/** … and to 0 below this. */
export const BOUNDARY_SMALL = 1e-6;
/**
 * A Gamma *shape* of the dropout rate above this means no dropout heterogeneity for any practical
 * purpose (coefficient of variation 1/√s ≈ 3 %); Pareto/NBD fits on no-dropout data converge
 * numerically at s ≈ 5,000 with a standard error six times larger, still running off.
 */
export const SHAPE_LARGE = 1e3;

const PURCHASE_RATES = (r: number): BoundaryRule => ({
  parameter: 'r, alpha',
  limit: 'r, α → ∞ with r/α fixed',
  test: (t) => (t[r]!) > BOUNDARY_LARGE,
  meaning: 'purchase rates do not vary across customers (one Poisson rate r/α for everyone); predictions use that rate.',
});

/** BG/NBD and MBG/NBD: θ = [r, α, a, b]. */
export const BG_BOUNDARIES: readonly BoundaryRule[] = [
  PURCHASE_RATES(0),
  {
    parameter: 'a, b',
    limit: 'a + b → ∞ (or a → 0): dropout probability p = a/(a+b) the same for everyone, → 0 is the NBD',
    test: (t) => (t[2]!) + (t[3]!) > BOUNDARY_LARGE || (t[2]!) < BOUNDARY_SMALL,
    meaning:
      'the data do not identify dropout heterogeneity (often: hardly any dropout, e.g. a short or no-churn calibration window); predictions use the limit model with one dropout probability a/(a+b), which is the NBD when that is ~0.',
  },
];

/** Pareto/NBD: θ = [r, α, s, β]; `longestT` is the longest observation in the data (β's scale). */
export function paretoBoundaries(longestT: number): BoundaryRule[] {
  return [
    PURCHASE_RATES(0),
    {
      parameter: 's, beta',
      limit: 's → 0 or β → ∞: no dropout (the NBD)',
      test: (t) => (t[2]!) < BOUNDARY_SMALL || (t[3]!) > BOUNDARY_LARGE * Math.max(longestT, 1),
      meaning: 'the data show no dropout: the lifetime distribution has run off to "alive for ever"; predictions are those of the NBD (P(alive) → 1).',
    },
    {
      parameter: 's, beta',
      limit: 's, β → ∞ with s/β fixed: one dropout rate for everyone',
      test: (t) => (t[2]!) > SHAPE_LARGE,
      meaning: 'dropout rates do not vary across customers (one exponential lifetime with rate s/β); predictions use that rate.',
    },
  ];
}

/**
 * GGom/NBD: θ = [r, α, b, s, β]; `longestT` is the longest observation. S(t) = (β/(β+e^(bt)−1))^s
 * (Bemmaor & Glady 2012), so the share that drops out within the data, 1 − S(longestT) =
 * −expm1(−s·log1p(expm1(b·longestT)/β)), → 0 is the NBD whichever of s → 0, β → ∞ or b → 0 at a
 * fixed β carries it (b → 0 with β/b fixed is the Pareto/NBD instead, the first rule).
 */
export function ggomBoundaries(longestT: number): BoundaryRule[] {
  return [
    {
      parameter: 'b, beta',
      limit: 'b → 0 (with β/b fixed)',
      test: (t) => (t[2]!) < BOUNDARY_SMALL,
      meaning: 'the Gompertz lifetime is exponential with a Gamma(s, β/b) rate: the data do not distinguish the GGom/NBD from the Pareto/NBD; fit the Pareto/NBD (predictions here are its limit).',
    },
    PURCHASE_RATES(0),
    {
      parameter: 's',
      limit: 's → ∞ (or β → ∞)',
      test: (t) => (t[3]!) > SHAPE_LARGE || (t[4]!) > BOUNDARY_LARGE,
      meaning: 'no heterogeneity in the Gompertz scale, or no dropout: the data do not identify the lifetime distribution.',
    },
    {
      parameter: 'b, s, beta',
      limit: '1 − S(T) → 0: no dropout (the NBD)',
      test: (t) => -Math.expm1(-(t[3]!) * Math.log1p(Math.expm1((t[2]!) * Math.max(longestT, 1)) / (t[4]!))) < BOUNDARY_SMALL,
      meaning: 'the data show no dropout: fewer than one customer in a million would have dropped out within the longest observation; predictions are those of the NBD (P(alive) → 1).',
    },
  ];
}

/** BG/BB: θ = [α, β, γ, δ]. */
export const BGBB_BOUNDARIES: readonly BoundaryRule[] = [
  {
    parameter: 'alpha, beta',
    limit: 'α + β → ∞: one transaction probability α/(α+β) for everyone',
    test: (t) => (t[0]!) + (t[1]!) > BOUNDARY_LARGE,
    meaning: 'transaction probabilities do not vary across customers; predictions use the common probability.',
  },
  {
    parameter: 'gamma, delta',
    limit: 'γ + δ → ∞ (or γ → 0): one dropout probability γ/(γ+δ), → 0 is no dropout',
    test: (t) => (t[2]!) + (t[3]!) > BOUNDARY_LARGE || (t[2]!) < BOUNDARY_SMALL,
    meaning: 'the data do not identify dropout heterogeneity; predictions use one dropout probability γ/(γ+δ).',
  },
];

/** sBG: θ = [α, β]. */
export const SBG_BOUNDARIES: readonly BoundaryRule[] = [
  {
    parameter: 'alpha, beta',
    limit: 'α + β → ∞ (or α → 0): one churn probability α/(α+β) for everyone, → 0 is no churn',
    test: (t) => (t[0]!) + (t[1]!) > BOUNDARY_LARGE || (t[0]!) < BOUNDARY_SMALL,
    meaning: 'churn probabilities do not vary across customers (a geometric lifetime); survival and retention use the common probability.',
  },
];

/** Gamma-Gamma: θ = [p, q, γ]. */
export const GAMMA_GAMMA_BOUNDARIES: readonly BoundaryRule[] = [
  {
    parameter: 'q',
    limit: 'q, γ → ∞ with γ/q fixed: no spend heterogeneity across customers',
    test: (t) => (t[1]!) > BOUNDARY_LARGE,
    meaning: 'every customer has the same mean spend; the conditional expected spend tends to the common mean pγ/(q−1), which predictions use.',
  },
  {
    parameter: 'p',
    limit: 'p → ∞: no spend variation within a customer',
    test: (t) => (t[0]!) > BOUNDARY_LARGE,
    meaning: "each customer's transactions have the same value; the conditional expected spend tends to the customer's own mean.",
  },
];
