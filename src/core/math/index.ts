export { logGamma } from './log-gamma.js';
export { logBeta } from './log-beta.js';
export { logSumExp, logAddExp, logSubExp } from './log-sum-exp.js';
export { nelderMead, type NelderMeadOptions, type MinimizeResult } from './nelder-mead.js';
export { digamma } from './digamma.js';
export { bfgs, type BfgsOptions, type BfgsResult, type ValueAndGradient } from './bfgs.js';
export { hyp2f1, logHyp2f1, type LogHyp2f1 } from './hyp2f1.js';
export { logPochhammer } from './log-pochhammer.js';
export { regularizedGammaQ, chiSquareSurvival } from './regularized-gamma.js';
