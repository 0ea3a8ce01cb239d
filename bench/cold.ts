// Cold section (`npm run bench -- cold`): what a person's worker pays at 10,000 customers,
// every figure from fresh processes, beside floors measured in the same processes.
import type { Section } from './stats.js';
import { coldFigures } from './cold-figures.js';

export async function run(): Promise<Section> {
  const customers = Number(process.env.BENCH_COLD_CUSTOMERS ?? 10_000);
  const { rows, notes } = await coldFigures(customers, {
    deriveRuns: 3, loadRuns: 5, heapLimitMB: 8192,
    targets: { deriveOverScan: 10, editP99Ms: 16, dashP99Ms: 50, heapMB: 400 },
  });
  return { name: 'cold', rows, notes };
}
