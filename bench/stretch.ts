// Stretch section (`npm run bench -- stretch`, not in the default run): METRICS.md's stretch
// size, 100,000 customers and 15.3M rows, cold in fresh Node processes.
import type { Section } from './stats.js';
import { coldFigures } from './cold-figures.js';

export async function run(): Promise<Section> {
  const customers = Number(process.env.BENCH_STRETCH_CUSTOMERS ?? 100_000);
  const { rows, notes } = await coldFigures(customers, {
    deriveRuns: 1, loadRuns: 1, heapLimitMB: 20_000,
    targets: { deriveOverScan: 10, deriveMs: 10_000, editP99Ms: 16, dashP99Ms: 50, heapMB: 4096 },
  });
  return { name: 'stretch', rows, notes };
}
