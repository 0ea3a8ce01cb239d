// Public surface of the pure domain package. client/ and sync-server/ import only this.
export * from './schema.js';
export * from './types.js';
export * from './field.js';
export * from './metrics/index.js';
export * from './doc/index.js';
export * from './demo/index.js';
export * from './engine/index.js';
export * from './wire.js';
export * from './message-parts.js';
export * from './emitter.js';
export * from './row-check.js';
export * from './import/index.js';
export * from './messages.js';
export * from './cascade.js';
export * from './catalog/index.js';
export * from './formula/index.js';
export * from './currency.js';
