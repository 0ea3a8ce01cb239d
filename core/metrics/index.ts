// Customer metrics (METRICS.md "Customer columns", "Health", "Situation and variation")
// and the dashboard's building blocks.
export * from './calendar.js';
export * from './settings.js';
export * from './model.js';
export * from './contracts.js';
export * from './renewal.js';
export * from './lifetime.js';
export * from './surveys.js';
export * from './activities.js';
export * from './invoices.js';
export * from './tickets.js';
export * from './usage.js';
export * from './contacts.js';
export * from './engagement.js';
export * from './health.js';
export * from './situation.js';
export * from './derive.js';
export * from './customer-metrics.js';
export * from './filter.js';
export * from './movements.js';
export * from './month.js';
export * from './dashboard.js';
export * from './ids.js';
export * from './numbers.js';
export * from './timeline.js';
export * from './customer360.js';
