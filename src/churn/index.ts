// Public API of crm-analytics/churn. This file only re-exports.
export {};
