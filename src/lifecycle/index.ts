// Public API of crm-analytics/lifecycle. This file only re-exports.
export {};
