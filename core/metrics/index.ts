// Customer metrics (METRICS.md "Customer columns", "Health", "Situation and variation").
export * from './calendar.js';
export * from './settings.js';
export * from './model.js';
export * from './contracts.js';
export * from './surveys.js';
export * from './contacts.js';
