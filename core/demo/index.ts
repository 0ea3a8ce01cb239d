// Demo and scale data: a deterministic Brazilian CS portfolio (see docs/demo-and-bench.md).
export { generateWorkbook, HISTORY_MONTHS, type GenerateOptions } from './generate.js';
export { PER_CUSTOMER, allocate } from './history.js';
export { formatCnpj } from './cnpj.js';
export { CS_OWNERS, DEMO_OWNER, SEGMENTS, PHASES } from './names.js';
export { PLANS } from './lifecycle.js';
export { createRng, type Rng } from './random.js';
export { rowSlices, SLICE_ROWS } from './slices.js';
