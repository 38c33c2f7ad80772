/**
 * Pareto/NBD DERT in the closed form of Fader, Hardie & Lee (2005b), "RFM and CLV: using iso-value
 * curves for customer base analysis", JMR 42(4) 415–430, eq. 2, as CLVTools evaluates it
 * (`src/pnbd.cpp::pnbd_DERT_ind`, in log space):
 *
 *   DERT(δ | r, α, s, β, x, t_x, T) = α^r β^s δ^(s−1) Γ(r+x+1) U(s, s; δ(β+T)) / (Γ(r) (α+T)^(r+x+1) L),
 *
 * with L the individual Pareto/NBD likelihood and U Tricomi's confluent hypergeometric function of
 * the second kind (`dert-tricomi-u.ts`: Kummer's transformation to J(s, z), then a continued
 * fraction or a series). Every factor is a logarithm: heavy buyers and tiny δ stay finite.
 */
import { logGamma } from '../core/math/log-gamma.js';
import { logTricomiUss } from './dert-tricomi-u.js';
import type { ParetoNbdParams } from './pareto-nbd.js';
import type { BtydCustomer } from './types.js';

/** A DERT evaluator for one parameter vector; ln L is the model's own individual log-likelihood of the customer. */
export function paretoNbdDert(params: ParetoNbdParams, delta: number): (c: BtydCustomer, lnL: number) => number {
  const { r, alpha, s, beta } = params;
  const constant = r * Math.log(alpha) + s * Math.log(beta) + (s - 1) * Math.log(delta) - logGamma(r);
  return (c, lnL) => {
    const x = c.frequency;
    const lnU = logTricomiUss(s, delta * (beta + c.T));
    return Math.exp(constant + logGamma(r + x + 1) + lnU - (r + x + 1) * Math.log(alpha + c.T) - lnL);
  };
}
