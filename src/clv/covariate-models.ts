/**
 * The two static-covariate models as the covariate kit (./kit/covariates.ts) describes them — one
 * place for the namespaces (./pareto-nbd-covariates.ts, ./bg-nbd-covariates.ts) and for
 * `predictionIntervals` (./bootstrap-covariates.ts), which refits them. Internal.
 */
import { bgLogLikelihood } from './bg-family.js';
import { fit as fitBgNbd, type BgNbdParams } from './bg-nbd.js';
import { BG_BOUNDARIES, paretoBoundaries } from './kit/index.js';
import type { CovariateModel } from './kit/covariates.js';
import { logLik as paretoNbdLogLik } from './pareto-nbd-likelihood.js';
import { fit as fitParetoNbd, type ParetoNbdParams } from './pareto-nbd.js';

/** Pareto/NBD: CLVTools pnbd_staticcov, α_i = α e^(−γ_transᵀz), β_i = β e^(−γ_lifeᵀz). */
export const PARETO_NBD_COVARIATES: CovariateModel<keyof ParetoNbdParams, 'pareto-nbd-covariates'> = {
  kind: 'pareto-nbd-covariates',
  names: ['r', 'alpha', 's', 'beta'],
  purchaseExponent: [0, -1, 0, 0],
  dropoutExponent: [0, 0, 0, -1],
  baseline: { purchase: 'α', dropout: 'β' },
  logLik: paretoNbdLogLik,
  fitPlain: fitParetoNbd,
  boundaries: (customers) => paretoBoundaries(customers.reduce((m, c) => Math.max(m, c.T), 0)),
};

/** BG/NBD: CLVTools bgnbd_staticcov, α_i = α e^(−γ_transᵀz), a_i = a e^(γ_lifeᵀz), b_i = b e^(γ_lifeᵀz). */
export const BG_NBD_COVARIATES: CovariateModel<keyof BgNbdParams, 'bg-nbd-covariates'> = {
  kind: 'bg-nbd-covariates',
  names: ['r', 'alpha', 'a', 'b'],
  purchaseExponent: [0, -1, 0, 0],
  dropoutExponent: [0, 0, 1, 1],
  baseline: { purchase: 'α', dropout: 'a and b' },
  logLik: (row, theta, g) => bgLogLikelihood(0, row, theta, g),
  fitPlain: fitBgNbd,
  boundaries: () => BG_BOUNDARIES,
};
