export { logGamma } from './log-gamma.js';
export { logBeta } from './log-beta.js';
export { logSumExp, logAddExp, logSubExp } from './log-sum-exp.js';
export { nelderMead, type NelderMeadOptions, type MinimizeResult } from './nelder-mead.js';
export { digamma } from './digamma.js';
export { bfgs, type BfgsOptions, type BfgsResult, type ValueAndGradient } from './bfgs.js';
