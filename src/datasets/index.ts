// Public API of crm-analytics/datasets. This file only re-exports.
export {};
