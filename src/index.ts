/**
 * crm-analytics: analytical CRM in TypeScript. The root carries the customer-value pipeline as
 * namespaces — `rfm`, `clv`, `core` — with `CrmError` and `prepareTransactions`, and the TYPES of
 * every module (`basket.Rule`, `churn.DecisionTree`, `charts.VegaLiteSpec`, …). The other modules'
 * functions come from their subpaths (`crm-analytics/basket`, …) or all together from
 * `crm-analytics/all`. Why: the root import stays ≤ 250 KiB minified for browser apps that bundle it
 * whole (issue 16 item 6; docs/decisions.md "What the root import carries").
 *
 * @example
 * ```ts
 * import { rfm, clv, CrmError } from 'crm-analytics';
 * import type { basket } from 'crm-analytics';
 * let rule: basket.Rule | undefined;
 * typeof rfm.summarize; // 'function'
 * ```
 */
export * as rfm from './rfm/index.js';
export * as clv from './clv/index.js';
export * as core from './core/index.js';
export type * as lifecycle from './lifecycle/index.js';
export type * as value from './value/index.js';
export type * as trust from './trust/index.js';
export type * as basket from './basket/index.js';
export type * as churn from './churn/index.js';
export type * as survival from './survival/index.js';
export type * as cohort from './cohort/index.js';
export type * as survey from './survey/index.js';
export type * as charts from './charts/index.js';
export { CrmError, TransactionSchema, prepareTransactions } from './core/index.js';
export type { CrmErrorCode, CrmErrorPath, Transaction, TransactionTable, DateInput } from './core/index.js';
