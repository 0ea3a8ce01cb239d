// The incremental derivation engine (docs/engine.md).
export { createDerivation, type Derivation, type DerivationChange } from './derivation.js';
