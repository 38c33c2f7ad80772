// Public API of crm-analytics/churn. This file only re-exports.
export { fitTree } from './fit.js';
export { predict, predictProba, applyTree } from './predict.js';
export type { ApplyResult, RoutingStats } from './predict.js';
export { prune, costComplexityPath } from './prune.js';
export type { CostComplexityPath, CostComplexityStep } from './prune.js';
export type * from './types.js';
export { featureImportance } from './importance.js';
export type { FeatureImportance } from './importance.js';
