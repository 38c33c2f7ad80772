// Public API of crm-analytics/survival. This file only re-exports.
export type { SurvivalRecord } from './records.js';
export { kaplanMeier, survivalAt } from './kaplan-meier.js';
export type { KaplanMeierCurve, KaplanMeierOptions, KaplanMeierStep, ConfidenceType } from './kaplan-meier.js';
export { logRankTest } from './log-rank.js';
export type { GroupedSurvivalRecord, LogRankGroup, LogRankTest } from './log-rank.js';
export { coxPH, coxRisk } from './cox.js';
export type { CoxCoefficient, CoxModel, CoxOptions, CoxTies, ModelTest } from './cox.js';
export { lifetimesFromTransactions } from './lifetimes.js';
export type { CustomerLifetime, LifetimesOptions } from './lifetimes.js';
