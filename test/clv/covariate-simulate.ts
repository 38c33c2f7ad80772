// Seeded simulators of customers under the covariate models, for the recovery and interval tests.
import type { DynamicCovariateCustomer, DynamicCovariateData } from '../../src/clv/index.js';
import type { Random } from '../../src/core/random.js';

/**
 * Pareto/NBD or BG/NBD customers with time-invariant covariates, in CLVTools' parameterisation:
 * α_i = α·e^(−γ_pᵀz), and β_i = β·e^(−γ_dᵀz) (Pareto/NBD) or a_i, b_i = a, b·e^(γ_dᵀz) (BG/NBD).
 * Each customer is observed for T from its first purchase; it carries its covariate columns.
 */
export function simulateStatic(
  model: 'paretoNbd' | 'bgNbd',
  truth: { r: number; alpha: number; s?: number; beta?: number; a?: number; b?: number; purchase: Record<string, number>; dropout: Record<string, number> },
  covariates: (rng: Random, i: number) => Record<string, number>,
  n: number,
  T: number,
  rng: Random,
): Array<{ customerId: string; frequency: number; recency: number; T: number } & Record<string, number | string>> {
  const out: Array<{ customerId: string; frequency: number; recency: number; T: number } & Record<string, number | string>> = [];
  const dot = (g: Record<string, number>, z: Record<string, number>): number => Object.entries(g).reduce((s, [c, v]) => s + v * z[c]!, 0);
  for (let i = 0; i < n; i++) {
    const z = covariates(rng, i);
    const lambda = rng.gamma(truth.r, 1 / (truth.alpha * Math.exp(-dot(truth.purchase, z))));
    let x = 0;
    let tx = 0;
    if (model === 'paretoNbd') {
      const mu = rng.gamma(truth.s!, 1 / (truth.beta! * Math.exp(-dot(truth.dropout, z))));
      const end = Math.min(rng.exponential(mu), T);
      for (let t = rng.exponential(lambda); t <= end; t += rng.exponential(lambda)) {
        x++;
        tx = t;
      }
    } else {
      const e = Math.exp(dot(truth.dropout, z));
      const p = rng.beta(truth.a! * e, truth.b! * e);
      // Dropout only right after a purchase (FHL 2005a): with probability p after each.
      for (let t = rng.exponential(lambda); t <= T; t += rng.exponential(lambda)) {
        x++;
        tx = t;
        if (rng.next() < p) break;
      }
    }
    out.push({ customerId: `c${i}`, frequency: x, recency: tx, T, ...z });
  }
  return out;
}

/** True parameters of the time-varying simulation. */
export interface DynamicTruth {
  r: number;
  alpha: number;
  s: number;
  beta: number;
  purchase: { season: number; trait: number; promo: number };
  dropout: { season: number; trait: number };
}

/**
 * Customers observed for `weeks` weeks from their first purchase under the Pareto/NBD with
 * time-varying covariates: a common season (weeks 10–19 and 35–44, repeating every 52 weeks), a
 * customer trait (0/1, constant) and a customer-specific promo week (Bernoulli 0.2). Purchases at
 * λ·exp(γ_pᵀz(t)), dropout at μ·exp(γ_dᵀz(t)), drawn by inverting the piecewise-linear cumulative
 * rates. `ahead` more weeks of covariates are added to the runs (for predictions), drawn after the
 * customer's other draws. `promo: false` leaves the promo column out (its effect is ignored) and
 * merges weeks of equal covariates into one run: a cheap data set for repeated fits.
 */
export function simulateDynamic(truth: DynamicTruth, n: number, weeks: number, rng: Random, ahead = 0, options: { promo?: boolean } = {}): DynamicCovariateData {
  const promo = options.promo ?? true;
  const inSeason = (k: number): number => ((k % 52 >= 10 && k % 52 < 20) || (k % 52 >= 35 && k % 52 < 45) ? 1 : 0);
  const customers: DynamicCovariateCustomer[] = [];
  for (let i = 0; i < n; i++) {
    const trait = rng.next() < 0.5 ? 1 : 0;
    const z = Array.from({ length: weeks }, (_, k) => ({ season: inSeason(k), promo: promo && rng.next() < 0.2 ? 1 : 0 }));
    const a = z.map((w) => Math.exp(truth.purchase.season * w.season + truth.purchase.trait * trait + truth.purchase.promo * w.promo));
    const c = z.map((w) => Math.exp(truth.dropout.season * w.season + truth.dropout.trait * trait));
    const lambda = rng.gamma(truth.r, 1 / truth.alpha);
    const mu = rng.gamma(truth.s, 1 / truth.beta);
    // Dropout: μ·C(τ) = Exp(1).
    let target = rng.exponential(1) / mu;
    let tau = Number.POSITIVE_INFINITY;
    for (let k = 0; k < weeks; k++) {
      if (target <= c[k]!) {
        tau = k + target / c[k]!;
        break;
      }
      target -= c[k]!;
    }
    // Purchases: unit-rate Poisson arrivals in λ·A(t), mapped back to t, up to min(τ, T).
    const end = Math.min(tau, weeks);
    const times: number[] = [];
    let next = rng.exponential(1) / lambda;
    for (let k = 0; k < weeks && k < end; k++) {
      const hi = Math.min(k + 1, end);
      while (next <= a[k]! * (hi - k)) {
        times.push(k + next / a[k]!);
        next += rng.exponential(1) / lambda;
      }
      next -= a[k]! * (hi - k);
    }
    // Σ over the repeat purchases (the first purchase is at 0 and is not one) of z_p(t_j).
    const sum = [0, 0, 0];
    for (const t of times) {
      const w = z[Math.floor(t)]!;
      sum[0] = sum[0]! + w.season;
      sum[1] = sum[1]! + trait;
      sum[2] = sum[2]! + w.promo;
    }
    for (let k = weeks; k < weeks + ahead; k++) z.push({ season: inSeason(k), promo: promo && rng.next() < 0.2 ? 1 : 0 });
    const runs = z.map((w, k) => ({ from: k, to: k + 1, purchase: promo ? [w.season, trait, w.promo] : [w.season, trait], dropout: [w.season, trait] }));
    // Without promo weeks, consecutive weeks of equal covariates form one run (as dynamicCovariateData's).
    const merged = promo ? runs : runs.reduce<typeof runs>((out, r) => {
      const last = out[out.length - 1];
      if (last !== undefined && last.purchase.join() === r.purchase.join() && last.dropout.join() === r.dropout.join()) last.to = r.to;
      else out.push({ ...r });
      return out;
    }, []);
    customers.push({ customerId: String(i), frequency: times.length, recency: times.length === 0 ? 0 : times[times.length - 1]!, T: weeks, repeatPurchaseCovariates: promo ? sum : sum.slice(0, 2), runs: merged });
  }
  return { kind: 'dynamic-covariate-data', unit: 'week', purchase: promo ? ['season', 'trait', 'promo'] : ['season', 'trait'], dropout: ['season', 'trait'], coveredUntil: '', customers };
}
