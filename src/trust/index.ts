// Public API of crm-analytics/trust. This file only re-exports.
export {};
