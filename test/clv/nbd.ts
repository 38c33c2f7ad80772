// Test helper: the NBD (Gamma(r, α) Poisson rates, no dropout) fitted by maximum likelihood, the
// restricted model of BG/NBD, MBG/NBD and Pareto/NBD and their limit at the no-dropout boundary.
// ln Lᵢ = ln Γ(r+x) − ln Γ(r) + r ln α − (r+x) ln(α+T) (the x-free terms dropped: they cancel in
// likelihood ratios, as in lifetimes' and FHL's NBD comparisons).
import { expect } from 'vitest';
import { fitMaximumLikelihood } from '../../src/clv/index.js';
import { logGamma } from '../../src/core/math/index.js';

/** The NBD fit of (x, T) rows, as a `compareModels` fit of kind 'nbd'. */
export function nbdFit(rows: ReadonlyArray<{ frequency: number; T: number }>): { kind: 'nbd'; params: { r: number; alpha: number }; logLikelihood: number; fittedOn: { n: number } } {
  const f = fitMaximumLikelihood<{ r: number; alpha: number }>({
    names: ['r', 'alpha'],
    logLikelihood: ([r, a]) => {
      let ll = 0;
      for (const c of rows) ll += logGamma(r! + c.frequency) - logGamma(r!) + r! * Math.log(a!) - (r! + c.frequency) * Math.log(a! + c.T);
      return ll;
    },
    start: [1, 10],
    customers: rows.length,
  });
  expect(f.converged).toBe(true);
  return { kind: 'nbd', params: f.params, logLikelihood: f.logLikelihood, fittedOn: { n: rows.length } };
}
