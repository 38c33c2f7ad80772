// Public API of crm-analytics/io. This file only re-exports.
export {};
