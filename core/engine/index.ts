// The incremental derivation engine (docs/engine.md).
export { createDerivation, type Derivation, type DerivationChange } from './derivation.js';
export { contentBytes, hexOf, dashboardKey, DERIVED_SNAPSHOT_FORMAT, isDerivedSnapshot, isKeyedList, type DerivedOutput, type DerivedSnapshot } from './snapshot.js';
