/**
 * Student's t distribution for lifecycle's trend tests. The functions live in core/math (issue
 * 17: one numeric function per file, so value, trust and survey do not import lifecycle
 * internals); this file keeps the lifecycle import path working.
 */
export { regularizedIncompleteBeta } from '../core/math/regularized-incomplete-beta.js';
export { studentTCdf, studentTTwoSidedP } from '../core/math/student-t-cdf.js';
export { studentTQuantile } from '../core/math/student-t-quantile.js';
