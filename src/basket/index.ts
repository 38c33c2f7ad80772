// Public API of crm-analytics/basket. This file only re-exports.
export {};
