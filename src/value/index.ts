// Public API of crm-analytics/value. This file only re-exports.
export {};
