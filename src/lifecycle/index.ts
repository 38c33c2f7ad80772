// Public API of crm-analytics/lifecycle. This file only re-exports.
export { classify } from './classify.js';
export type { ClassifyOptions, Classification, CustomerStage, StageMetrics } from './classify.js';
export { migrationMatrix } from './migration.js';
export type { MigrationOptions, MigrationMatrix, StageRecord, StagesAtTwoDates } from './migration.js';
export { earlyWarnings, DEFAULT_WARNING_THRESHOLDS } from './warnings/index.js';
export type {
  EarlyWarningInput,
  EarlyWarningOptions,
  EarlyWarningReport,
  EarlyWarning,
  WarningKind,
  WarningThresholds,
  Severity,
  CreditLimitRecord,
  ReceivableRecord,
  PlanRecord,
  ExpenseRecord,
  ReceivablesMetrics,
  SalesProgressMetrics,
  SalesExpenseMetrics,
  ChurnMetrics,
  SpendDeclineMetrics,
  WarningOf,
} from './warnings/index.js';
export { STAGE_MAPPING, FIVE_STAGES, FOUR_STAGES, ABCDE_STAGES, resolveStageModel } from './stages.js';
export type { FiveStage, FourStage, AbcdeStage, BuiltInStageModel, CustomStageModel, StageModel, StageMappingRow, ResolvedStageModel } from './stages.js';
export { DEFAULT_LIFECYCLE_THRESHOLDS } from './thresholds.js';
export type { LifecycleThresholds, ResolvedThresholds } from './thresholds.js';
export { linearTrend } from './trend.js';
export type { Trend } from './trend.js';
export type { TrendVerdict, ProbabilityAliveInput } from './inputs.js';
// The t distribution behind linearTrend's p-values (docs/lifecycle.md), from core/math where it lives.
export { studentTCdf, studentTTwoSidedP } from '../core/math/student-t-cdf.js';
export { studentTQuantile } from '../core/math/student-t-quantile.js';
export { regularizedIncompleteBeta } from '../core/math/regularized-incomplete-beta.js';
