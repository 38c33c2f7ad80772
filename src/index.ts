/**
 * crm-analytics: analytical CRM in TypeScript. Each model module is a namespace
 * (`rfm.score`, `clv.bgNbd.fit`, `churn.fitTree`, …); the same functions are also
 * available from the subpaths `crm-analytics/rfm`, `crm-analytics/clv`, ….
 *
 * @example
 * ```ts
 * import { rfm, CrmError } from 'crm-analytics';
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
