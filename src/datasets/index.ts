// Public API of crm-analytics/datasets (Node-only, synchronous loaders). This file only re-exports.
export { loadOnlineRetailInvoices } from './online-retail.js';
export type { OnlineRetailInvoice } from './online-retail.js';
export { loadCdnowSummary } from './cdnow-summary.js';
export type { CdnowSummaryRow } from './cdnow-summary.js';
export { loadCdnowTransactions } from './cdnow-transactions.js';
export type { CdnowTransaction } from './cdnow-transactions.js';
export { loadGroceries } from './groceries.js';
export { loadTelcoChurn } from './telco-churn.js';
export type { TelcoCustomer, InternetAddOn, LoadTelcoChurnOptions } from './telco-churn.js';
export { listDatasets } from './catalog.js';
export type { DatasetInfo } from './catalog.js';
export { dataDirectory } from './locate.js';
