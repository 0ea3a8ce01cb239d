// The catalog: every customer column and dashboard figure declared once (docs/adding-a-metric.md).
export * from './text.js';
export * from './columns.js';
export * from './figures.js';
export * from './members.js';
export * from './drill.js';
export * from './lists.js';
export * from './distributions.js';
export * from './detail.js';
