// Public API of crm-analytics/survival. This file only re-exports.
export type { SurvivalRecord } from './records.js';
export { kaplanMeier, survivalAt } from './kaplan-meier.js';
export type { KaplanMeierCurve, KaplanMeierOptions, KaplanMeierStep, ConfidenceType } from './kaplan-meier.js';
export { logRankTest } from './log-rank.js';
export type { GroupedSurvivalRecord, LogRankGroup, LogRankTest } from './log-rank.js';
export { coxPH, coxRisk, coxSurvival } from './cox.js';
export { concordanceIndex } from './concordance.js';
export { coxZph } from './cox-zph.js';
export type { CoxZph, CoxZphOptions, ZphTest, ZphTransform } from './cox-zph.js';
export type { Concordance, ConcordanceOptions } from './concordance.js';
export type { CoxBaseline, CoxCoefficient, CoxModel, CoxModelV1, CoxOptions, CoxSurvivalCurve, CoxSurvivalOptions, CoxSurvivalStep, CoxTies, ModelTest } from './cox.js';
export { lifetimesFromTransactions } from './lifetimes.js';
export type { CustomerLifetime, LifetimesOptions } from './lifetimes.js';
