// Public API of crm-analytics/rfm. This file only re-exports.
export {};
