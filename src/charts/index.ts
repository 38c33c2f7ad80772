// Public API of crm-analytics/charts: Vega-Lite spec builders, one per model diagnostic, each named
// `…Chart` and taking the model's own output; toSvg/toHtml render them. This file only re-exports.
export { VEGA_LITE_SCHEMA } from './spec.js';
export type { VegaLiteSpec, ChartOptions } from './spec.js';
export { periodTransactionsChart } from './period-transactions.js';
export { calibrationVsHoldoutChart } from './calibration-vs-holdout.js';
export { cumulativeTrackingChart } from './cumulative-tracking.js';
export type { CumulativeTrackingChartOptions } from './cumulative-tracking.js';
export { probabilityAliveMatrixChart } from './probability-alive-matrix.js';
export type { ProbabilityAliveMatrixChartOptions } from './probability-alive-matrix.js';
export { valueMatrixChart } from './value-matrix.js';
export type { ValueMatrixChartOptions } from './value-matrix.js';
export { lorenzChart } from './lorenz.js';
export type { LorenzChartOptions } from './lorenz.js';
export { segmentSizesChart } from './segment-sizes.js';
export type { SegmentSizesChartOptions } from './segment-sizes.js';
export { lifecycleStagesChart } from './lifecycle-stages.js';
export { rfmHeatmapChart } from './rfm-heatmap.js';
export { rulesScatterChart } from './rules-scatter.js';
export type { RulesScatterChartOptions } from './rules-scatter.js';
export { featureImportanceChart } from './feature-importance.js';
export type { FeatureImportanceChartOptions } from './feature-importance.js';
export { rocChart } from './roc.js';
export { gainsChart } from './gains.js';
export { toSvg, toHtml } from './render.js';
export type { ToHtmlOptions } from './render.js';
