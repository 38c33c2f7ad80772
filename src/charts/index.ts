// Public API of crm-analytics/charts. This file only re-exports.
export {};
