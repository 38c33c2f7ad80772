/**
 * Every model module of crm-analytics as a namespace, in one import — what the root carried before
 * 0.5.0. Node scripts and notebooks that want `basket`, `churn`, … without one import per subpath
 * use this; a browser app imports the subpaths it needs (or the root for the customer-value
 * pipeline: core, rfm, clv), because this entry bundles every module (docs/decisions.md
 * "What the root import carries").
 *
 * @example
 * ```ts
 * import { basket, churn, rfm } from 'crm-analytics/all';
 * const encoded = basket.encodeBaskets([['milk', 'bread'], ['milk']]);
 * encoded.items.length; // 2
 * ```
 */
export * as rfm from './rfm/index.js';
export * as clv from './clv/index.js';
export * as lifecycle from './lifecycle/index.js';
export * as value from './value/index.js';
export * as trust from './trust/index.js';
export * as basket from './basket/index.js';
export * as churn from './churn/index.js';
export * as survival from './survival/index.js';
export * as cohort from './cohort/index.js';
export * as survey from './survey/index.js';
export * as charts from './charts/index.js';
export * as core from './core/index.js';
export { CrmError, TransactionSchema, prepareTransactions } from './core/index.js';
export type { CrmErrorCode, CrmErrorPath, Transaction, TransactionTable, DateInput } from './core/index.js';
