// Public API of crm-analytics/clv. This file only re-exports.
export {};
